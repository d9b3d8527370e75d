import Foundation
import Testing

/// The HTML reports in a real browser: headless Chromium at 1400 × 900 must show no horizontal
/// scroll, neither of the page nor of any table in it. Without Chromium the test fails and says
/// how to install it: a width check that silently skips would prove nothing.
@Suite(.serialized)
struct HTMLWidthEndToEndTests {
    static let width = 1400

    /// The browser, from `PATH` (`chromium` as Debian names it, or `chromium-browser`), else nil.
    static func chromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(folder)).appending(path: name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Laid out at `width`: the page's scroll width, and every element that scrolls sideways.
    static func measure(_ html: String, browser: URL) throws -> (scrollWidth: Int, overflowing: [String]) {
        // Runs after the body is parsed; reading scrollWidth forces the layout.
        let probe = """
            <script>
            (function () {
              var over = [];
              document.querySelectorAll('*').forEach(function (e) {
                var x = getComputedStyle(e).overflowX;
                if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
                  over.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);
                }
              });
              var p = document.createElement('pre');
              p.id = 'width-check';
              p.textContent = 'WIDTH ' + document.documentElement.scrollWidth + ' OVER ' + over.join(' | ') + ' END';
              document.body.appendChild(p);
            })();
            </script>
            """
        let folder = try CaliperProcess.temporaryDirectory()
        let page = folder.appending(path: "page.html")
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = browser
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),900",
            "--user-data-dir=\(folder.appending(path: "profile").path)", "--dump-dom", page.absoluteString,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // The script's own text is in the DOM too: read the element it wrote.
        guard let element = dom.range(of: "id=\"width-check\">"),
              let start = dom.range(of: "WIDTH ", range: element.upperBound..<dom.endIndex), let end = dom.range(of: " END", range: start.upperBound..<dom.endIndex),
              let over = dom.range(of: " OVER ", range: start.upperBound..<end.lowerBound),
              let scrollWidth = Int(dom[start.upperBound..<over.lowerBound])
        else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no width in Chromium's DOM: \(dom.prefix(300))"])
        }
        let list = dom[over.upperBound..<end.lowerBound].replacingOccurrences(of: "&gt;", with: ">")
        return (scrollWidth, list.isEmpty ? [] : list.components(separatedBy: " | "))
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theExampleReportsHaveNoHorizontalScrollAt1400Pixels() throws {
        guard let browser = Self.chromium() else {
            Issue.record("chromium is not installed: `apt-get install chromium` (Debian), or put chromium on PATH")
            return
        }
        let examples = Self.repository.appending(path: "Reports/examples")
        let pages = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count >= 3)
        for name in pages {
            let html = try String(contentsOf: examples.appending(path: name), encoding: .utf8)
            let measured = try Self.measure(html, browser: browser)
            #expect(measured.scrollWidth <= Self.width, "\(name): the page is \(measured.scrollWidth) px wide")
            #expect(measured.overflowing.isEmpty, "\(name): scrolls sideways: \(measured.overflowing)")
        }
    }

    /// The probe itself: a page wider than the window is caught.
    @Test func aTooWidePageIsCaught() throws {
        guard let browser = Self.chromium() else {
            Issue.record("chromium is not installed: `apt-get install chromium` (Debian), or put chromium on PATH")
            return
        }
        let wide = try Self.measure("<html><body><div style=\"width:2000px\">x</div></body></html>", browser: browser)
        #expect(wide.scrollWidth > Self.width)
        let table = try Self.measure(
            "<html><body><div style=\"overflow-x:auto\"><table><tr><td style=\"white-space:nowrap\">"
                + String(repeating: "wide ", count: 600) + "</td></tr></table></div></body></html>", browser: browser)
        #expect(table.overflowing.count == 1)
    }
}
