import Mustache

/// The Mustache templates in `Reports/templates/`, embedded at build time and parsed once.
///
/// Each template names how `{{ }}` escapes with a pragma on its first line: `{{% CONTENT_TYPE: HTML}}`
/// (``HTMLEscape``), `MARKDOWN` (``MarkdownEscape``) or `XML` (``XMLEscape``). `{{{ }}}` does
/// not escape and is kept for fragments built and escaped in code, such as SVG charts.
///
/// ```swift
/// ReportTemplates.render(view, template: "comparison.md")
/// ```
enum ReportTemplates {
    /// Templates by file name without `.mustache`: `comparison.md`, `comparison.html`, `junit.xml`.
    static let library: MustacheLibrary = {
        // Pragmas are resolved while parsing, so the content types are registered first.
        MustacheContentTypes.register(HTMLContentType(), named: "HTML")
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        MustacheContentTypes.register(XMLContentType(), named: "XML")
        var library = MustacheLibrary()
        for (name, contents) in EmbeddedFiles.all where name.hasSuffix(".mustache") {
            do {
                try library.register(contents, named: String(name.dropLast(".mustache".count)))
            } catch {
                // The templates are compiled into the binary: a broken one is a build defect, and the
                // tests render every one of them.
                preconditionFailure("Reports/templates/\(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static func render(_ object: Any, template name: String) -> String {
        guard let text = library.render(object, withTemplate: name) else {
            preconditionFailure("Reports/templates/\(name).mustache is not embedded")
        }
        return text
    }

    /// Mustache's own HTML escaping, plus control characters (``HTMLEscape``).
    private struct HTMLContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscape.escape(text) }
    }

    private struct MarkdownContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { MarkdownEscape.escape(text) }
    }

    private struct XMLContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { XMLEscape.escape(text) }
    }
}
