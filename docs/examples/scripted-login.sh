#!/usr/bin/env bash
# A complete login through NetIdentity with HTTP only, written from docs/mock-authority.md
# ("Scripting a login") and docs/platform-integration.md. Needs bash, curl, openssl, sed, grep,
# tr and base64. Prints the ID token's claims and exits non-zero on any surprise.
#
#   docs/examples/scripted-login.sh [BROKER_URL] [MOCK_URL] [PERSONA]
#
# Defaults: the sandbox (http://127.0.0.1:5100, http://127.0.0.1:5300) and the persona "adult".
# The sandbox's script client is used (client id sandbox-script, its development secret, and the
# demo forum's redirect URI, which the script never calls: it only reads the code from the
# redirect). The demo forum itself is on FAPI 2.0 in the sandbox (PAR, private_key_jwt, DPoP).
set -euo pipefail

BROKER="${1:-http://127.0.0.1:5100}"; BROKER="${BROKER%/}"
MOCK="${2:-http://127.0.0.1:5300}"; MOCK="${MOCK%/}"
PERSONA="${3:-adult}"
CLIENT_ID="${CLIENT_ID:-sandbox-script}"
CLIENT_SECRET="${CLIENT_SECRET:-sandbox-script-development-secret-0123456789}"
REDIRECT_URI="${REDIRECT_URI:-http://127.0.0.1:5200/signin-oidc}"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
jar="$work/cookies"
fail() { echo "FAIL: $*" >&2; exit 1; }
urlencode() { local s="$1" out="" c i; for ((i = 0; i < ${#s}; i++)); do c="${s:i:1}"; case "$c" in [a-zA-Z0-9.~_-]) out+="$c" ;; *) out+=$(printf '%%%02X' "'$c") ;; esac; done; printf '%s' "$out"; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
b64url_decode() { local s; s="$(tr '_-' '/+')"; while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done; printf '%s' "$s" | base64 -d; }
location() { curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -c "$jar" "$@"; }

# 1. PKCE (RFC 7636, S256), state and nonce.
verifier="$(openssl rand 32 | b64url)"
challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)"
state="$(openssl rand 16 | b64url)"; nonce="$(openssl rand 16 | b64url)"

# 2. The authorization request: the broker answers with its login page.
authorize="$BROKER/connect/authorize?client_id=$CLIENT_ID&response_type=code&scope=openid%20netid&redirect_uri=$(urlencode "$REDIRECT_URI")&state=$state&nonce=$nonce&code_challenge=$challenge&code_challenge_method=S256"
login="$(location "$authorize")"
case "$login" in "$BROKER"/login/*) ;; *) fail "expected a redirect to the login page, got '$login'" ;; esac
echo "login page:   $login"

# 3. The method page: choose the national app (a form post with the antiforgery token).
token="$(curl -s -b "$jar" -c "$jar" "$login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
[ -n "$token" ] || fail "no antiforgery token on the method page"
waiting="$(location -X POST --data-urlencode "__RequestVerificationToken=$token" "$login?handler=NetId")"
case "$waiting" in */netid) ;; *) fail "choosing the national app led to '$waiting'" ;; esac

# 4. The QR page carries the bizSeq (data-biz-seq) that the national app would scan, and the
#    matching number (data-match-code) the person must pick in the app (number matching).
qrpage="$(curl -s -b "$jar" -c "$jar" "$waiting")"
bizseq="$(printf '%s' "$qrpage" | grep -o 'data-biz-seq="[A-Za-z0-9]*"' | sed 's/.*="//; s/"$//')"
[ ${#bizseq} -eq 32 ] || fail "no bizSeq on the QR page"
matchcode="$(printf '%s' "$qrpage" | grep -o 'data-match-code="[0-9]*"' | sed 's/.*="//; s/"$//')"
[ -n "$matchcode" ] || fail "no matching number on the QR page"
echo "bizSeq:       $bizseq (matching number $matchcode)"

# 5. In place of the app, the mock's tester API approves the session as the persona, picking
#    the number the QR page showed (a wrong one is refused: T0400003).
curl -sf -X POST -H 'Content-Type: application/json' -d "{\"persona\":\"$PERSONA\",\"matchCode\":\"$matchcode\"}" "$MOCK/tester/sessions/$bizseq/approve" > /dev/null \
  || fail "the mock refused the approval"

# 6. Continue: the broker fetches and checks the credential, then returns to the authorization
#    endpoint, which redirects to the platform with the code (and iss, RFC 9207).
back="$(location "$login/netid/continue")"
case "$back" in /*) back="$BROKER$back" ;; esac
case "$back" in
  */failed)
    # The login failed: the page says why (data-error-code), and its "return" link ends the
    # request at the platform with an OAuth error (docs/errors/).
    page="$(curl -s -b "$jar" -c "$jar" "$back")"
    echo "failed:       $(printf '%s' "$page" | grep -o 'data-error-code="[^"]*"' | head -n 1 | sed 's/.*="//; s/"$//')"
    back="$(printf '%s' "$page" | grep -o 'href="[^"]*" data-action="return"' | sed 's/href="//; s/" data-action.*//; s/&amp;/\&/g')"
    case "$back" in /*) back="$BROKER$back" ;; esac
    error="$(location "$back")"
    echo "platform got: ${error#*\?}"
    exit 3 ;;
esac
callback="$(location "$back")"
case "$callback" in "$REDIRECT_URI"*) ;; *) fail "expected the platform's redirect URI, got '$callback'" ;; esac
code="$(printf '%s' "$callback" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')"
[ -n "$code" ] || fail "no code in '$callback'"
printf '%s' "$callback" | grep -q "[?&]state=$state" || fail "state not echoed"
printf '%s' "$callback" | grep -q "[?&]iss=" || fail "no iss parameter (RFC 9207)"
echo "callback:     ${callback%%\?*}?code=…&state=…&iss=…"

# 7. The token request, authenticated with the client secret (client_secret_basic).
tokens="$(curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=authorization_code -d "code=$code" \
  --data-urlencode "redirect_uri=$REDIRECT_URI" -d "code_verifier=$verifier" "$BROKER/connect/token")"
id_token="$(printf '%s' "$tokens" | grep -o '"id_token": *"[^"]*"' | sed 's/.*: *"//; s/"$//')"
[ -n "$id_token" ] || fail "no ID token: $tokens"

payload="$(printf '%s' "$id_token" | cut -d. -f2 | b64url_decode)"
printf '%s' "$payload" | grep -q "\"nonce\":\"$nonce\"" || fail "nonce not in the ID token"
echo "ID token:     $payload"
echo "claim names:  $(printf '%s' "$payload" | grep -o '"[a-z_]*":' | tr -d '":' | sort | tr '\n' ' ')"
