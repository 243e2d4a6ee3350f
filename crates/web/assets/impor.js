/* Paritrana: upload and commit progress for /impor and /target (progressive enhancement).
   Without this script the forms post as usual and the server answers when the work is done.
   With it: the upload shows a <progress> bar (XMLHttpRequest upload events), then the server's
   job is polled (GET /api/v1/imports/jobs/{id}) for the rows checked or stored, and the browser
   goes on to the preview or the result. Texts come from the page's data-t-* attributes. */
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData || !document.querySelector) return;
  var lang = document.documentElement.lang === "en" ? "en" : "id";

  function parts(form) {
    var box = form.querySelector("[data-progress]");
    return box && {
      box: box,
      t: box.dataset,
      bar: box.querySelector("progress"),
      status: box.querySelector("[data-status]"),
      error: form.querySelector("[data-error]"),
      button: form.querySelector("button[type=submit]")
    };
  }

  function say(p, text, percent) {
    p.box.hidden = false;
    if (percent === undefined) p.bar.removeAttribute("value");
    else p.bar.value = percent;
    p.status.textContent = text;
  }

  function fail(p, text) {
    p.box.hidden = true;
    p.error.textContent = text;
    p.error.hidden = false;
    p.error.setAttribute("tabindex", "-1");
    p.error.focus();
    p.button.disabled = false;
  }

  /* The message of a JSON error answer, in the page's language. */
  function message(xhr, fallback) {
    try {
      var e = JSON.parse(xhr.responseText).error;
      if (e) return lang === "en" ? e.message_en : e.message;
    } catch (ignored) { /* not JSON: a proxy's page */ }
    return fallback;
  }

  function poll(p, url) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status !== 200) return fail(p, message(xhr, p.t.tFailed));
      var job = JSON.parse(xhr.responseText);
      if (job.state === "done") return window.location.assign(job.next);
      if (job.state === "failed") return fail(p, lang === "en" ? job.message_en : job.message);
      var what = {
        validating: p.t.tValidating, comparing: p.t.tComparing, storing: p.t.tStoring
      }[job.phase];
      say(p, what ? job.rows.toLocaleString(lang) + " " + what : p.t.tQueued);
      window.setTimeout(function () { poll(p, url); }, 1000);
    };
    /* A dropped connection on a slow line: keep asking, the job goes on on the server. */
    xhr.onerror = function () { window.setTimeout(function () { poll(p, url); }, 3000); };
    xhr.send();
  }

  /* Posts the form's body asking for a job, shows the upload's progress, then polls. */
  function send(form, p, body, contentType) {
    p.error.hidden = true;
    p.button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    if (contentType) xhr.setRequestHeader("Content-Type", contentType);
    var csrf = form.querySelector("input[name=csrf]");
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf.value);
    if (xhr.upload && !contentType) {
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return say(p, p.t.tUploading + "…");
        var percent = Math.round((e.loaded / e.total) * 100);
        say(p, p.t.tUploading + " " + percent + "%", percent);
      };
      xhr.upload.onload = function () { say(p, p.t.tUploaded); };
    }
    say(p, contentType ? p.t.tQueued : p.t.tUploading + "…");
    xhr.onload = function () {
      if (xhr.status === 202) return poll(p, JSON.parse(xhr.responseText).poll);
      fail(p, message(xhr, xhr.status === 413 ? p.t.tToolarge : p.t.tFailed));
    };
    xhr.onerror = function () { fail(p, p.t.tFailed); };
    xhr.send(body);
  }

  function each(selector, f) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), f);
  }

  each("form[data-upload]", function (form) {
    form.addEventListener("submit", function (e) {
      var p = parts(form);
      if (!p) return;
      e.preventDefault();
      var input = form.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      if (file && file.size > Number(form.dataset.max || Infinity)) return fail(p, p.t.tToolarge);
      send(form, p, new FormData(form));
    });
  });

  each("form[data-commit]", function (form) {
    form.addEventListener("submit", function (e) {
      var p = parts(form);
      if (!p) return;
      e.preventDefault();
      var fields = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name) fields.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(el.value));
      });
      send(form, p, fields.join("&"), "application/x-www-form-urlencoded");
    });
  });
})();
