// The pages' one way to put values into HTML. `html` is a tagged template that escapes every
// value it interpolates, so no value reaches innerHTML unescaped; `setHtml` takes nothing else.
// Plain text goes through `textContent` instead.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A value as HTML text: `& < > " '` as entities (safe in content and in quoted attributes). */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** HTML built by `html`: interpolated as is into another `html` template. */
class SafeHtml {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

const piece = (v) => (v instanceof SafeHtml ? v.text : Array.isArray(v) ? v.map(piece).join('') : escapeHtml(v));

/** html`<p>${text}</p>`: `text` is escaped; nested html`` values, and arrays of them, stay HTML. */
export function html(strings, ...values) {
  return new SafeHtml(strings.reduce((out, s, i) => out + piece(values[i - 1]) + s));
}

/** Replaces the element's content with HTML built by `html`, and refuses anything else. */
export function setHtml(element, content) {
  if (!(content instanceof SafeHtml)) throw new TypeError('setHtml takes html`...` only');
  element.innerHTML = content.text;
}
