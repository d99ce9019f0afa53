/* Passkeys (WebAuthn) from a static file, so the pages need no inline script (script-src 'self').
 *
 * A button with data-passkey="register" adds a passkey; data-passkey="authenticate" signs in with one (the
 * second step of signing in, or confirming it is you). Each runs one ceremony: ask the server for options,
 * hand them to the browser's authenticator, post the signed answer back, then follow the server's redirect.
 * Messages go to the page's [data-passkey-status] region, which screen readers announce.
 */
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var padded = base64 + "===".slice((base64.length + 3) % 4);
    var binary = atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials),
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withIds(json.allowCredentials),
    });
  }

  function registrationJSON(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  function assertionJSON(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
      },
      clientExtensionResults: credential.getClientExtensionResults(),
    };
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || "Something went wrong. Try again.");
          error.redirect = data.redirect;
          throw error;
        }
        return data;
      });
    });
  }

  function say(text) {
    var status = document.querySelector("[data-passkey-status]");
    if (status) status.textContent = text;
  }

  function nameFor(button) {
    var field = button.dataset.nameField ? document.getElementById(button.dataset.nameField) : null;
    return field ? field.value : "";
  }

  function register(button) {
    return post(button.dataset.optionsUrl).then(function (options) {
      return navigator.credentials.create({ publicKey: creationOptions(options) });
    }).then(function (credential) {
      return post(button.dataset.url, { credential: registrationJSON(credential), name: nameFor(button) });
    });
  }

  function authenticate(button) {
    return post(button.dataset.optionsUrl).then(function (options) {
      return navigator.credentials.get({ publicKey: requestOptions(options) });
    }).then(function (credential) {
      return post(button.dataset.url, { credential: assertionJSON(credential), next: button.dataset.next || "" });
    });
  }

  function run(button) {
    if (!window.PublicKeyCredential) {
      say("This browser cannot use passkeys. Use your authenticator app or a recovery code.");
      return;
    }
    button.disabled = true;
    say("Follow your browser's prompt…");
    var ceremony = button.dataset.passkey === "register" ? register : authenticate;
    ceremony(button).then(function (data) {
      say("Done.");
      window.location.assign(data.redirect);
    }).catch(function (error) {
      button.disabled = false;
      if (error && error.redirect) {
        window.location.assign(error.redirect);
        return;
      }
      var cancelled = error && (error.name === "NotAllowedError" || error.name === "AbortError");
      say(cancelled ? "The passkey prompt was closed. Try again when ready." : error.message);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-passkey]") : null;
    if (button) {
      event.preventDefault();
      run(button);
    }
  });
})();
