#!/usr/bin/env bash
# A walk through the mock authority (docs/mock-authority.md) against the contract
# (docs/authority-contract.md), with nothing but bash, curl, openssl, base64, sed, grep and tr.
#
#   MOCK_URL=http://127.0.0.1:5300 bash docs/examples/mock-authority-walkthrough.sh
#
# It signs requests as the sandbox organisation ORG-SANDBOX with its development-only key, has
# personas answer through the tester API, verifies every credential's SM2-SM3 signature with
# OpenSSL 3 against the published signing key, and checks each documented result code.
# Exit status: 0 when every check passed, 1 otherwise.
set -uo pipefail

MOCK_URL="${MOCK_URL:-http://127.0.0.1:5300}"
MOCK_URL="${MOCK_URL%/}"
ORG_ID="ORG-SANDBOX"
APP_ID="netidentity-broker"
DISTID="1234567812345678" # GM/T 0009 default distinguishing identifier (contract §1)
export TZ=UTC

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The sandbox organisation's key pair: DEVELOPMENT ONLY (docs/mock-authority.md, "Development keys").
cat > "$work/org.key.pem" <<'PEM'
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgJHaG7gHdzhEJRDZg
8xZ6zVsVDeQaE2Sy0MUcNnIdJ5uhRANCAASaKHy1/dkHcadxwbV8mDfnvQJHfSY9
eEPiIAYKHkqqufPfh6UKfIgZiQCUBt9/RGjQKT2VBcHYb2XQ998zXYzb
-----END PRIVATE KEY-----
PEM

# The mock's published signing key, kid mock-sig-2026: pinned here, not fetched (contract §2).
cat > "$work/authority-sig.pub.pem" <<'PEM'
-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEbYGyovuv0LUIAdSbUTC1byH71LQx
RNTtIo4h5uH1SBS3r16mWAEzCk00GX4PbibgswIm9NULKKesziR2Z5olEw==
-----END PUBLIC KEY-----
PEM

passed=0
failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1" >&2; }
step() { printf '\n== %s ==\n' "$1"; }

# The value of the string member "$1" in the one-line JSON "$2" (enough for these flat documents).
json_string() { printf '%s' "$2" | sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p'; }

now() { printf '%(%Y-%m-%dT%H:%M:%SZ)T' -1; }

# POST a body signed by the organisation (contract §1.1); sets $status and $response.
post_signed() {
  local path="$1" body="$2" signature
  printf '%s' "$body" > "$work/body.json"
  openssl dgst -sm3 -sign "$work/org.key.pem" -sigopt "distid:$DISTID" -out "$work/body.sig" "$work/body.json" || return 1
  signature="$(base64 < "$work/body.sig" | tr -d '\n')"
  status="$(curl -sS -o "$work/response.json" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' -H "X-NetId-Org: $ORG_ID" -H "X-NetId-Signature: $signature" \
    --data-binary @"$work/body.json" "$MOCK_URL$path")" || status="000"
  response="$(< "$work/response.json")"
}

# POST to the tester API (unsigned); sets $status and $response.
post_tester() {
  status="$(curl -sS -o "$work/response.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "$2" "$MOCK_URL$1")" || status="000"
  response="$(< "$work/response.json")"
}

# Decode the signed envelope in $response into payload.json and verify it (contract §1.2).
verify_response() {
  local payload signature
  payload="$(json_string payload "$response" | tr '_-' '/+')"
  signature="$(json_string signature "$response")"
  while (( ${#payload} % 4 )); do payload+="="; done
  printf '%s' "$payload" | base64 -d > "$work/payload.json" 2> /dev/null || return 1
  printf '%s' "$signature" | base64 -d > "$work/signature.der" 2> /dev/null || return 1
  openssl dgst -sm3 -verify "$work/authority-sig.pub.pem" -sigopt "distid:$DISTID" \
    -signature "$work/signature.der" "$work/payload.json" > /dev/null 2>&1
}

# Open a session in mode $1 (contract §3, v2: the platform's name and the matching code the
# browser would show); sets $bizseq. Returns non-zero on failure.
MATCH_CODE=42
open_session() {
  bizseq="$(openssl rand -hex 16)"
  post_signed /v1/sessions "{\"orgId\":\"$ORG_ID\",\"appId\":\"$APP_ID\",\"timestamp\":\"$(now)\",\"bizSeq\":\"$bizseq\",\"mode\":\"$1\",\"attributes\":[\"ageBand\"],\"platformName\":\"Walkthrough\",\"matchCode\":\"$MATCH_CODE\"}"
  if [ "$status" != "201" ]; then
    fail "open a $1 session: HTTP $status $response"
    return 1
  fi
}

query_credential() {
  post_signed /v1/credentials/query "{\"orgId\":\"$ORG_ID\",\"appId\":\"$APP_ID\",\"timestamp\":\"$(now)\",\"bizSeq\":\"$bizseq\"}"
}

# Persona $1 answers a session in mode $2 (approve, or deny when $1 is "deny"); the credential
# must verify and carry result code $3.
expect_result() {
  local persona="$1" mode="$2" expected="$3" what payload
  what="$persona in $mode → $expected"
  open_session "$mode" || return
  if [ "$persona" = "deny" ]; then
    post_tester "/tester/sessions/$bizseq/deny" ""
  else
    post_tester "/tester/sessions/$bizseq/approve" "{\"persona\":\"$persona\",\"matchCode\":\"$MATCH_CODE\"}"
  fi
  [ "$status" = "200" ] || { fail "$what: the tester API answered HTTP $status $response"; return; }
  query_credential
  [ "$status" = "200" ] || { fail "$what: the credential query answered HTTP $status $response"; return; }
  verify_response || { fail "$what: SIGNATURE VERIFICATION FAILED"; return; }
  payload="$(< "$work/payload.json")"
  if [ "$(json_string bizSeq "$payload")" != "$bizseq" ]; then
    fail "$what: the credential answers another bizSeq"
  elif [ "$(json_string resultCode "$payload")" != "$expected" ]; then
    fail "$what: resultCode is $(json_string resultCode "$payload")"
  else
    ok "$what (signature verified)"
  fi
}

step "The mock at $MOCK_URL"
if ! curl -sS -o /dev/null "$MOCK_URL/healthz"; then
  echo "The mock authority does not answer at $MOCK_URL. Start it: dotnet run --project mock-authority/NetIdentity.MockAuthority" >&2
  exit 1
fi
keys="$(curl -sS "$MOCK_URL/v1/keys" | sed 's/\\n//g')"
pinned="$(grep -v -- '-----' "$work/authority-sig.pub.pem" | tr -d '\n')"
if printf '%s' "$keys" | grep -qF "$pinned"; then ok "GET /v1/keys publishes the pinned signing key"; else fail "GET /v1/keys does not publish the pinned signing key"; fi

step "Personas (GET /tester/personas)"
personas="$(curl -sS "$MOCK_URL/tester/personas")"
printf '%s' "$personas" | grep -o '"id":"[^"]*","label":{"zh":"[^"]*","en":"[^"]*"' \
  | sed 's/"id":"\([^"]*\)","label":{"zh":"\([^"]*\)","en":"\([^"]*\)"/  \1: \2 \/ \3/'

step "adult approves an R01 session; the credential is verified and printed"
if open_session R01; then
  post_tester "/tester/sessions/$bizseq/approve" '{"persona":"adult","matchCode":"42"}'
  [ "$status" = "200" ] || fail "approve as adult: HTTP $status $response"
  query_credential
  if [ "$status" != "200" ]; then
    fail "credential query: HTTP $status $response"
  elif ! verify_response; then
    fail "adult's credential: SIGNATURE VERIFICATION FAILED"
  else
    payload="$(< "$work/payload.json")"
    printf '%s\n' "$payload"
    if [ "$(json_string result "$payload")" = "pass" ] && [ "$(json_string resultCode "$payload")" = "C0000000" ] \
      && [ "$(json_string bizSeq "$payload")" = "$bizseq" ] && [ -n "$(json_string appScopedId "$payload")" ]; then
      ok "adult in R01 → pass C0000000 (signature verified)"
    else
      fail "adult in R01: not a pass for this bizSeq"
    fi
  fi
fi

step "Failing personas (contract §5)"
expect_result cancelled R01 C0401001
expect_result frozen R01 C0401002
expect_result expired R01 C0401003
expect_result wrong-password R02 C0401011
expect_result face-mismatch R03 C0401021
expect_result deny R01 C0401031

step "outage: the credential query answers 503 A0503001"
if open_session R01; then
  post_tester "/tester/sessions/$bizseq/approve" '{"persona":"outage","matchCode":"42"}'
  query_credential
  if [ "$status" = "503" ] && [ "$(json_string code "$response")" = "A0503001" ]; then
    ok "outage → HTTP 503 A0503001"
  else
    fail "outage: expected HTTP 503 A0503001, got HTTP $status $response"
  fi
fi

step "bad-signature: the credential must FAIL verification"
if open_session R01; then
  post_tester "/tester/sessions/$bizseq/approve" '{"persona":"bad-signature","matchCode":"42"}'
  query_credential
  if [ "$status" != "200" ]; then
    fail "bad-signature: credential query answered HTTP $status $response"
  elif verify_response; then
    fail "bad-signature: the credential VERIFIED, but it must not"
  else
    ok "bad-signature → OpenSSL refuses the signature, as it should"
  fi
fi

step "Summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
