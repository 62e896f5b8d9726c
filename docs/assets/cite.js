/* Copy buttons for the "Cite this edition" block: one after each [data-copy] element,
   which stays plain selectable text where this script does not run. A click (or Enter or
   Space: it is a <button>) copies the element's text and says so in a live region.
   Small and event-driven: nothing runs until a button is pressed. */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }
  function setup() {
    var blocks = document.querySelectorAll(".cite-edition [data-copy]");
    Array.prototype.forEach.call(blocks, function (block) {
      if (block.nextElementSibling && block.nextElementSibling.classList.contains("cite-copy")) {
        return; // already set up (Material's instant navigation runs this again)
      }
      var what = block.getAttribute("data-copy");
      var bar = document.createElement("p");
      bar.className = "cite-copy";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy__button";
      button.textContent = "Copy " + what;
      var status = document.createElement("span");
      status.className = "cite-copy__status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var text = block.innerText.replace(/\s+\n/g, "\n").trim();
        copyText(text).then(function () {
          status.textContent = what + " copied";
        }, function () {
          status.textContent = "Could not copy: select the text and copy it";
        });
      });
      bar.appendChild(button);
      bar.appendChild(status);
      block.parentNode.insertBefore(bar, block.nextSibling);
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
