/* Up and down buttons on each citation row of the claim page: they move the row and renumber every row's
   "order" field (position) to match what the editor sees, and the server saves citations in that order
   (claims.admin.desk.assign_citation_positions). Buttons first: reachable with Tab, pressed with Enter or
   Space, named for screen readers; their words come from the page (the position field's data-* attributes,
   translated by Django), so this file holds no text of its own. A mouse may also drag a row by its handle
   (native HTML5 drag and drop); the handle is hidden from screen readers, who have the buttons.

   Django's inlines.js renames a formset's rows by their order on the page when an unsaved row is removed; a row
   moved above a saved one would then take a saved row's index and lose its id. So around that removal the rows
   are put back in index order, and then sorted again by position. */
"use strict";
(function () {
  const GROUP_ID = "claim_sources-group";

  function formRows(group) {
    // The template row ("-empty") is cloned by inlines.js for "Add another": it carries buttons but no number.
    return Array.from(group.querySelectorAll("tbody tr.form-row")).filter((row) => !row.id.endsWith("-empty"));
  }

  function indexOf(row) {
    const match = /-(\d+)$/.exec(row.id);
    return match ? parseInt(match[1], 10) : Number.MAX_SAFE_INTEGER;
  }

  function positionInput(row) {
    return row.querySelector("td.field-position input");
  }

  function positionOf(row) {
    const input = positionInput(row);
    const value = input ? parseInt(input.value, 10) : NaN;
    return Number.isNaN(value) ? Number.MAX_SAFE_INTEGER : value;
  }

  // A row's non-field errors are a row of their own just above it: they move with it.
  function withErrors(row) {
    const previous = row.previousElementSibling;
    return previous && previous.classList.contains("row-form-errors") ? [previous, row] : [row];
  }

  function placeInOrder(group, rows) {
    const body = group.querySelector("tbody");
    const template = body.querySelector("tr.empty-form");
    rows.forEach((row) => withErrors(row).forEach((element) => body.insertBefore(element, template)));
  }

  // Only once the editor moves a row: an untouched page keeps the numbers it was saved with.
  function renumber(group) {
    formRows(group).forEach((row, position) => {
      const input = positionInput(row);
      if (input) {
        input.value = String(position);
      }
    });
    refreshButtons(group);
  }

  function refreshButtons(group) {
    const rows = formRows(group);
    rows.forEach((row, position) => {
      const up = row.querySelector(".citation-move__up");
      const down = row.querySelector(".citation-move__down");
      if (up && down) {
        up.setAttribute("aria-disabled", String(position === 0));
        down.setAttribute("aria-disabled", String(position === rows.length - 1));
      }
    });
  }

  // The order the server saves (claims.admin.desk.assign_citation_positions): by position, then by form index.
  function sortByPosition(group) {
    const rows = formRows(group);
    rows.sort((a, b) => positionOf(a) - positionOf(b) || indexOf(a) - indexOf(b));
    placeInOrder(group, rows);
    refreshButtons(group);
  }

  function button(kind, label, symbol) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `citation-move__${kind}`;
    element.setAttribute("aria-label", label);
    element.title = label;
    element.textContent = symbol;
    return element;
  }

  function addButtons(row, labels) {
    const cell = row.querySelector("td.field-position");
    if (!cell || cell.querySelector(".citation-move")) {
      return;
    }
    const handle = document.createElement("span");
    handle.className = "citation-move__handle";
    handle.setAttribute("aria-hidden", "true");
    handle.title = labels.drag;
    handle.textContent = "⠿";
    const box = document.createElement("span");
    box.className = "citation-move";
    box.append(handle, button("up", labels.up, "↑"), button("down", labels.down, "↓"));
    cell.append(box);
  }

  function move(group, row, step, status, labels) {
    const rows = formRows(group);
    return moveTo(group, row, rows.indexOf(row) + step, status, labels);
  }

  function moveTo(group, row, to, status, labels) {
    const rows = formRows(group);
    const from = rows.indexOf(row);
    if (from < 0 || to < 0 || to >= rows.length || to === from) {
      return false;
    }
    rows.splice(from, 1);
    rows.splice(to, 0, row);
    placeInOrder(group, rows);
    renumber(group);
    status.textContent = labels.moved.replace("%(position)s", String(to + 1));
    return true;
  }

  function attach(group) {
    const sample = group.querySelector("td.field-position input[data-move-up]");
    if (!sample) {
      return;
    }
    const labels = {
      up: sample.dataset.moveUp,
      down: sample.dataset.moveDown,
      moved: sample.dataset.moved || "",
      drag: sample.dataset.drag || "",
    };
    const status = document.createElement("p");
    status.className = "citation-move-status";
    status.setAttribute("role", "status");
    group.append(status);
    group.querySelectorAll("tbody tr.form-row").forEach((row) => addButtons(row, labels));
    sortByPosition(group);

    group.addEventListener("click", (event) => {
      const pressed = event.target.closest(".citation-move button");
      if (!pressed) {
        return;
      }
      event.preventDefault();
      const row = pressed.closest("tr.form-row");
      const step = pressed.classList.contains("citation-move__up") ? -1 : 1;
      if (move(group, row, step, status, labels)) {
        pressed.focus(); // moving the row took the focus away from the button that was pressed
      }
    });
    // Drag and drop: a row is draggable only while its handle is held, so text in its fields stays selectable.
    let dragged = null;
    const target = (event) => {
      const row = event.target.closest && event.target.closest("tr.form-row");
      return dragged && row && row !== dragged && formRows(group).includes(row) ? row : null;
    };
    group.addEventListener("mousedown", (event) => {
      const handle = event.target.closest(".citation-move__handle");
      if (handle) {
        handle.closest("tr.form-row").draggable = true;
      }
    });
    group.addEventListener("dragstart", (event) => {
      const row = event.target.closest && event.target.closest("tr.form-row");
      if (!row || !row.draggable) {
        return;
      }
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
      row.classList.add("citation-move--dragged");
    });
    group.addEventListener("dragover", (event) => {
      if (target(event)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    group.addEventListener("drop", (event) => {
      const over = target(event);
      if (over) {
        event.preventDefault();
        moveTo(group, dragged, formRows(group).indexOf(over), status, labels);
      }
    });
    const dropped = () => {
      if (dragged) {
        dragged.classList.remove("citation-move--dragged");
      }
      formRows(group).forEach((row) => (row.draggable = false));
      dragged = null;
    };
    group.addEventListener("dragend", dropped);
    document.addEventListener("mouseup", dropped);

    // Around inlines.js renaming rows after an unsaved one is removed (see the top of this file).
    group.addEventListener(
      "click",
      (event) => {
        if (event.target.closest(".inline-deletelink")) {
          placeInOrder(group, formRows(group).sort((a, b) => indexOf(a) - indexOf(b)));
        }
      },
      true,
    );
    group.addEventListener("click", (event) => {
      if (event.target.closest(".inline-deletelink")) {
        sortByPosition(group);
      }
    });
    group.addEventListener("formset:added", (event) => {
      const added = event.target;
      addButtons(added, labels);
      const others = formRows(group).filter((row) => row !== added).map(positionOf);
      const last = Math.max(-1, ...others.filter((value) => value !== Number.MAX_SAFE_INTEGER));
      const input = positionInput(added);
      if (input) {
        input.value = String(last + 1); // last, where "Add another" put it
      }
      refreshButtons(group);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const group = document.getElementById(GROUP_ID);
    if (group) {
      attach(group);
    }
  });
})();
