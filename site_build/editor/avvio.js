// Before the editor's bundle: it waits for editor.js, which registers the
// site's file formats and then starts it.
window.CMS_MANUAL_INIT = true;
// The body in Markdown, as the file holds it, until she picks the formatted
// view (the editor remembers her choice).
if (!localStorage.getItem("cms.md-mode")) localStorage.setItem("cms.md-mode", "raw");
