// Highlight a citation's quote in its paragraph.  Offsets count Unicode code points
// (as the API's do), so the text is split with Array.from, not by UTF-16 units.
// Only DOM text nodes are written: no data ever goes through innerHTML.
"use strict";

let highlighted = null;

function clearHighlight() {
  if (highlighted === null) return;
  highlighted.paragraph.replaceChildren(document.createTextNode(highlighted.paragraph.textContent));
  highlighted.button.setAttribute("aria-pressed", "false");
  highlighted = null;
}

function highlight(button) {
  const paragraph = document.getElementById("p-" + button.dataset.paragraph);
  if (paragraph === null) return;
  clearHighlight();
  const chars = Array.from(paragraph.textContent);
  const start = Number(button.dataset.start);
  const end = Number(button.dataset.end);
  const mark = document.createElement("mark");
  mark.textContent = chars.slice(start, end).join("");
  paragraph.replaceChildren(
    document.createTextNode(chars.slice(0, start).join("")),
    mark,
    document.createTextNode(chars.slice(end).join("")),
  );
  button.setAttribute("aria-pressed", "true");
  highlighted = { paragraph, button };
  mark.scrollIntoView({ block: "center" });
}

function factFromHash() {
  // A hand-edited or truncated link may carry a malformed escape (`#%E0%A4%A`):
  // decodeURIComponent would throw, and a throw here would stop this script for the
  // page.  Such a fragment names no fact.
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch (error) {
    if (error instanceof URIError) return "";
    throw error;
  }
}

function highlightFromHash() {
  const fact = factFromHash();
  if (!fact) return;
  const button = document.querySelector(`button.cite[data-fact="${CSS.escape(fact)}"]`);
  if (button !== null) highlight(button);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.cite")) {
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      highlight(button);
      history.replaceState(null, "", "#" + button.dataset.fact);
    });
  }
  highlightFromHash();
  window.addEventListener("hashchange", highlightFromHash);
});
