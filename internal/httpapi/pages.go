package httpapi

import (
	"bytes"
	"embed"
	"html/template"
)

// pageFiles are the HTML templates of the pages the document serves as
// text/html (see the package comment for how a page comes in).
//
//go:embed pages/*.html
var pageFiles embed.FS

var pages = template.Must(template.New("pages").Funcs(pageFuncs).ParseFS(pageFiles, "pages/*.html"))

// htmlContentType is what pages are sent as.
const htmlContentType = "text/html; charset=utf-8"

// page renders the template pages/name with view, for a handler to return.
func (*Server) page(status int, name string, view any) (int, any, error) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, view); err != nil {
		return 0, nil, err
	}
	return status, rawBody{contentType: htmlContentType, data: buf.Bytes()}, nil
}
