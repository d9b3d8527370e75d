import CaliperReports
import Testing

struct HTMLEscapeTests {
    @Test func escapesMarkupAndQuotes() {
        #expect(HTMLEscape.escape(#"<script>"x" & 'y'</script>"#)
            == "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;")
    }
}
