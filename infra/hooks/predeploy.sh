#!/bin/sh
# azd predeploy hook: tells the static pages where the API and the photos are. The pages are on
# the Static Web App's origin, the API on the Function app's and the photos on the storage
# account's blob origin, so for the upload only:
#  - web/config.json (the company's settings) gains "apiBaseUrl", "staffSignInUrl" and the staff app ids;
#  - each page's Content-Security-Policy allows connections to the API origin (API_BASE_URL), and
#    every source of the local storage emulator in it, http://127.0.0.1:* (img-src, connect-src),
#    becomes the blob origin (PHOTOS_ORIGIN) that browsers upload photos to and show them from.
# The originals are kept next to the files and put back by postdeploy. Locally nothing changes:
# the local host serves pages and API on one origin, and photos come from the emulator.
set -eu

# Both values are outputs of infra/main.bicep. An origin is https://host[:port] and nothing else,
# so it cannot break the sed expressions below ('|' delimiter) or the HTML attribute it goes in.
require_origin() {
  case "$2" in
    '')
      echo "predeploy: $1 is not set; run 'azd provision' first (it is an output of infra/main.bicep)" >&2
      exit 1 ;;
  esac
  case "$2" in
    https://*) host="${2#https://}" ;;
    *) host='' ;;
  esac
  case "$host" in
    '' | *[!A-Za-z0-9.:-]*)
      echo "predeploy: $1 must be an https origin (https://host, no path, no trailing slash), not '$2'" >&2
      exit 1 ;;
  esac
}
require_origin API_BASE_URL "${API_BASE_URL:-}"
require_origin PHOTOS_ORIGIN "${PHOTOS_ORIGIN:-}"

# A deploy that stopped before postdeploy leaves the originals as *.orig: put them back first, so
# the pages are never adjusted twice and the originals never overwritten.
for original in web/config.json.orig web/*.html.orig web/staff/*.html.orig; do
  [ -e "$original" ] && mv "$original" "${original%.orig}"
done

cp web/config.json web/config.json.orig
for page in web/*.html web/staff/*.html; do
  cp "$page" "$page.orig"
  sed -e "s|connect-src 'self'|connect-src 'self' ${API_BASE_URL}|" \
      -e "s|http://127\.0\.0\.1:\*|${PHOTOS_ORIGIN}|g" \
      "$page.orig" > "$page"
done
API_BASE_URL="${API_BASE_URL}" TENANT="${AZURE_TENANT_ID}" CLIENT="${STAFF_AUTH_CLIENT_ID:-}" node -e '
const fs = require("fs");
const cfg = JSON.parse(fs.readFileSync("web/config.json", "utf8"));
cfg.apiBaseUrl = process.env.API_BASE_URL.replace(/\/?$/, "/");
cfg.staffSignInUrl = cfg.apiBaseUrl + ".auth/login/aad";
cfg.tenantId = process.env.TENANT;
cfg.staffAuthClientId = process.env.CLIENT;
fs.writeFileSync("web/config.json", JSON.stringify(cfg));
'
