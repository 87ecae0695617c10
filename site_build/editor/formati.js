// The editor's file formats (Decap CMS custom formats), loaded only by
// /admin/ (site_build/editor/__init__.py copies it there).
//
// Decap's own YAML and front-matter formats write a whole file again from
// its data: the comments that document each data file, the blank lines,
// the quoting and the folded paragraphs would all go. These formats change
// only the values the owner changed, byte for byte in place:
//
// - a data file (data/*.yml) and a page's front matter: each changed value
//   replaces the old one's text; a list item added is written after the
//   last one, in the file's indentation; a removed one is cut out;
// - a NEW post is written from the template site_build/posts.py keeps for
//   `make new-post` (the build hands it over in formati.json): the same
//   keys, order, quoting and comments. An existing post keeps its own text.
//
// The post's title is the page's heading (`# title`): the editor shows the
// text below it, and the file gets it back on save.

import { YAML } from "./yaml/index.js";

// What the build hands over (formati.json): a new post's template and the
// data files' format names; set by register().
let SETTINGS = { post: { template: "" }, data_formats: [] };

// The text each file had when the editor read it, by key (see remember()).
const originals = new Map();

// --- Writing a value -------------------------------------------------------

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMBER = /^[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A string as YAML: plain where plain reads back as the same string (or a
 * date written YYYY-MM-DD, as the files document them), else in double
 * quotes (JSON's syntax, which YAML reads; site_build/posts.py quotes the
 * same way). */
function scalar(value, style) {
  if (value === null || value === undefined) return '""';
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = String(value);
  if (DATE.test(text)) return text;
  const plainSafe = text !== "" && text.trim() === text && !RESERVED.test(text) && !NUMBER.test(text)
    && !/^[-?:,\[\]{}#&*!|>'"%@`]/.test(text) && !/: |\s#|[\n\t]/.test(text) && !text.endsWith(":");
  if (style === "PLAIN" && plainSafe) return text;
  return JSON.stringify(text);
}

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** `value` as the lines of a block under a key or a list dash at `indent`
 * spaces: " scalar" on the same line, or the lines of a list or mapping. */
function block(value, indent) {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (!value.length) return " []";
    return value.map((item) => `\n${pad}-${item !== null && typeof item === "object" ? mappingAfterDash(item, indent + 2) : " " + scalar(item)}`).join("");
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `\n${pad}${k}:${block(v, indent + 2)}`).join("");
  }
  return " " + scalar(value);
}

/** A mapping that starts on a list dash's line ("- key: value"). */
function mappingAfterDash(value, indent) {
  const lines = block(value, indent);
  return " " + lines.replace(/^\n */, "");
}

// --- Changing a file in place ----------------------------------------------

function valueEnd(text, node) {
  const [start, end] = node.range;
  let stop = end;
  if (node.cstNode && node.cstNode.valueRange && node.type !== "BLOCK_FOLDED" && node.type !== "BLOCK_LITERAL") {
    stop = Math.max(node.cstNode.valueRange.end, start);
  }
  return start + text.slice(start, stop).replace(/[\s]+$/, "").length;
}

function lineStart(text, at) {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function column(text, at) {
  return at - lineStart(text, at);
}

function sameScalar(node, value) {
  const old = node.value;
  if (old === value) return true;
  if (old === null || old === undefined) return isEmpty(value);
  return typeof old !== "object" && String(old) === String(value) && typeof value !== "object";
}

/** The edits ([start, end, text]) that turn `node`, read from `text`, into
 * `value`; `keyColumn` is where the key that holds it starts. */
function edits(text, node, value, keyColumn, out) {
  if (node === null || node === undefined) return;
  const isMap = node.type === "MAP" || node.type === "FLOW_MAP";
  const isSeq = node.type === "SEQ" || node.type === "FLOW_SEQ";
  if (isMap && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const seen = new Set();
    let last = null;
    let col = keyColumn + 2;
    for (const pair of node.items) {
      const key = pair.key && pair.key.value;
      seen.add(key);
      if (pair.key && pair.key.range) col = column(text, pair.key.range[0]);
      last = pair;
      if (!(key in value)) continue;
      if (pair.value === null || pair.value === undefined) {
        if (!isEmpty(value[key])) {
          const at = pair.key.range[1] + text.slice(pair.key.range[1]).indexOf(":") + 1;
          out.push([at, at, block(value[key], col + 2)]);
        }
        continue;
      }
      edits(text, pair.value, value[key], col, out);
    }
    const added = Object.entries(value).filter(([k, v]) => !seen.has(k) && !isEmpty(v));
    if (added.length && last && node.type === "MAP") {
      const end = valueEnd(text, last.value || last.key);
      out.push([end, end, added.map(([k, v]) => `\n${" ".repeat(col)}${k}:${block(v, col + 2)}`).join("")]);
    } else if (added.length) {
      replace(text, node, value, keyColumn, out);
    }
    return;
  }
  if (isSeq && Array.isArray(value)) {
    const items = node.items;
    if (node.type === "FLOW_SEQ" || !items.length) {
      if (items.length === value.length && items.every((item, i) => item && sameScalar(item, value[i]))) return;
      if (!value.length && node.type === "FLOW_SEQ") return;
      replace(text, node, value, keyColumn, out);
      return;
    }
    const dash = column(text, node.range[0]);
    value.slice(0, items.length).forEach((v, i) => edits(text, items[i], v, dash, out));
    if (value.length > items.length) {
      const end = valueEnd(text, node);
      out.push([end, end, block(value.slice(items.length), dash)]);
    } else if (value.length < items.length) {
      // From the end of the last kept item to the end of the list.
      const from = value.length ? valueEnd(text, items[value.length - 1]) : lineStart(text, node.range[0]) - 1;
      out.push([from, valueEnd(text, node), value.length ? "" : " []"]);
    }
    return;
  }
  if (!isMap && !isSeq && (value === null || typeof value !== "object")) {
    if (sameScalar(node, value)) return;
    out.push([node.range[0], valueEnd(text, node), scalar(value, node.type)]);
    return;
  }
  replace(text, node, value, keyColumn, out);
}

/** The node's whole text replaced by `value` written as a block. */
function replace(text, node, value, keyColumn, out) {
  const start = node.range[0];
  // A block starts on the key's line: from right after "key:".
  const from = text.slice(lineStart(text, start), start).trim() === "" && !(node.type === "FLOW_SEQ" || node.type === "FLOW_MAP")
    ? text.lastIndexOf(":", start) + 1 : start - (text[start - 1] === " " ? 1 : 0);
  out.push([from, valueEnd(text, node), block(value, keyColumn + 2)]);
}

/** `original` with the values of `data` written in: nothing else moves. */
function update(original, data) {
  const doc = YAML.parseDocument(original, { keepCstNodes: true });
  const out = [];
  edits(original, doc.contents, data, -2, out);
  out.sort((a, b) => b[0] - a[0]);
  let text = original;
  for (const [start, end, insert] of out) text = text.slice(0, start) + insert + text.slice(end);
  return text;
}

function parse(text) {
  return YAML.parse(text) || {};
}

// --- Data files --------------------------------------------------------------

/** A format for one data file: it remembers the text it read. */
function dataFormat(name) {
  return {
    fromFile(content) {
      originals.set(name, content);
      return parse(content);
    },
    toFile(data) {
      const original = originals.get(name);
      return original === undefined ? YAML.stringify(data) : update(original, data);
    },
  };
}

// --- Markdown with front matter ------------------------------------------------

const FRONT = /^---\r?\n([\s\S]*?\r?\n)?---\r?\n?/;

function split(content) {
  const found = content.match(FRONT);
  if (!found) return { front: "", body: content };
  return { front: found[1] || "", body: content.slice(found[0].length) };
}

function headingOff(body, title) {
  const heading = `# ${title}`;
  if (title && (body === heading || body.startsWith(heading + "\n"))) {
    return body.slice(heading.length).replace(/^\n+/, "");
  }
  return body;
}

function withHeading(body, title) {
  const text = body.replace(/^\n+/, "");
  return /^# /.test(text) || !title ? text : `# ${title}\n\n${text}`;
}

function endLine(text) {
  return text.replace(/\s*$/, "\n");
}

/** A page or a post: the front matter changed in place; `key` tells files
 * apart (a post by its address, `slug`; a page by its name). */
function markdownFormat(name, keyOf, writeNew) {
  return {
    fromFile(content) {
      const { front, body } = split(content);
      const data = parse(front);
      originals.set(`${name}:${keyOf(data)}`, front);
      originals.set(`${name}:last`, front); // the page open in the editor is the last one read
      return { ...data, body: headingOff(body, data.title) };
    },
    toFile(data) {
      const { body = "", ...meta } = data;
      let front = originals.get(`${name}:${keyOf(meta)}`);
      if (front === undefined && !writeNew) front = originals.get(`${name}:last`);
      if (front === undefined && writeNew) return writeNew(meta, body);
      const yaml = front === undefined ? YAML.stringify(meta) : update(front, meta);
      return `---\n${yaml}---\n${endLine(withHeading(body, meta.title))}`;
    },
  };
}

// --- A new post, as `make new-post` writes it --------------------------------

const quoted = (text) => JSON.stringify(String(text));

function listLines(items) {
  return items.length ? items.map((item) => `\n  - ${quoted(item)}`).join("") : " []";
}

/** site_build/posts.py's TEMPLATE filled the way its `render()` fills it. */
export function newPost(meta, body) {
  const post = SETTINGS.post;
  const values = {
    title: quoted(meta.title),
    description: quoted(meta.description),
    slug: meta.slug || slugify(meta.title),
    date: (meta.date && meta.date.created) || new Date().toISOString().slice(0, 10),
    categories: listLines(meta.categories || []).replace(/^ \[\]$/, " []"),
    tags: listLines(meta.tags || []),
    draft: meta.draft === false ? "false" : "true",
    image: meta.image ? `\nimage: ${meta.image}\nimage_alt: ${quoted(meta.image_alt || "")}` : "",
    heading: meta.title,
    body: endLine(body.replace(/^\n+/, "")),
  };
  return post.template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

/** The title in lowercase ASCII words joined by hyphens: scripts/new_post.py's
 * slugify(), the same steps. */
export function slugify(title) {
  return String(title || "").normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").replace(/[^\x00-\x7f]/g, "").toLowerCase()
    .split(/\s+/).filter(Boolean).join("-");
}

// --- Registration -------------------------------------------------------------

/** A text field that counts its characters against `max` (the
 * description: at most 160, as site_build/posts.py checks). The field's
 * pattern refuses a longer one; the counter says it while she types. */
function countedText(CMS, max) {
  const text = CMS.getWidget("text");
  const h = window.h;
  const Control = window.createClass({
    render() {
      const length = String(this.props.value || "").length;
      return h("div", null,
        h(text.control, this.props),
        h("p", { className: "contatore", "aria-live": "polite", style: { margin: "4px 0 0", fontSize: "12px",
          color: length > max ? "#b00020" : "#5a6272" } }, `${length}/${max} caratteri`));
    },
  });
  return [Control, text.preview];
}

export function register(CMS, settings) {
  SETTINGS = settings;
  if (CMS.getWidget) CMS.registerWidget("descrizione", ...countedText(CMS, settings.description_max));
  for (const name of SETTINGS.data_formats) CMS.registerCustomFormat(name, "yml", dataFormat(name));
  CMS.registerCustomFormat("articolo", "md", markdownFormat("articolo", (d) => d.slug, newPost));
  CMS.registerCustomFormat("pagina", "md", markdownFormat("pagina", (d) => d.title));
  // A new post's address (its file name and `slug`) comes from its title,
  // as with `make new-post`; an existing post keeps its own.
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const data = entry.get("data");
      if (entry.get("collection") !== "articoli") return data;
      // The build refuses a picture without alt text (site_build/posts.py):
      // the editor refuses to save it, with the same advice.
      if (data.get("image") && !String(data.get("image_alt") || "").trim()) {
        throw new Error("manca la descrizione dell'immagine: scrivi poche parole su che cosa mostra");
      }
      return data.get("slug") ? data : data.set("slug", slugify(data.get("title")));
    },
  });
}

export { update, parse };
