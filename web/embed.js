// pullpolicy embed: turns every <pre data-pullpolicy> block of a page into a live playground
// widget whose manifest is the block's text. No dependencies; load it once:
//
//   <script src="https://PLAYGROUND/embed.js" defer></script>
//   <pre data-pullpolicy>apiVersion: v1 ...</pre>
//
// Each block becomes an <iframe> of this playground in embed mode. The manifest goes to the frame
// by postMessage (not in the URL, so any length works), and the frame reports its height so the
// iframe fits its content.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href);
  var origin = base.origin;
  var frames = [];

  function mount(pre) {
    if (pre.dataset.pullpolicyMounted) return;
    pre.dataset.pullpolicyMounted = "true";
    var text = pre.textContent.replace(/^\n/, "");
    var frame = document.createElement("iframe");
    frame.src = new URL("?embed", base).href;
    frame.title = pre.getAttribute("title") || "pullpolicy: effective imagePullPolicy of this manifest";
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "420px";
    frame.className = "pullpolicy-embed";
    frames.push({ frame: frame, text: text });
    pre.replaceWith(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data) return;
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      if (entry.frame.contentWindow !== event.source) continue;
      if (event.data.type === "pullpolicy:ready") {
        entry.frame.contentWindow.postMessage({ type: "pullpolicy:manifest", text: entry.text }, origin);
      } else if (event.data.type === "pullpolicy:height" && typeof event.data.height === "number") {
        entry.frame.style.height = Math.ceil(event.data.height) + "px";
      }
    }
  });

  function mountAll() {
    document.querySelectorAll("pre[data-pullpolicy]").forEach(mount);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
