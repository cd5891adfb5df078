#!/bin/sh
# azd predeploy hook: tells the static pages where the API is. The pages are on the Static Web
# App's origin and the API on the Function app's, so for the upload only:
#  - web/config.json (the company's settings) gains "apiBaseUrl", "staffSignInUrl" and the staff app ids;
#  - each page's Content-Security-Policy allows connections to the API origin.
# The originals are kept next to the files and put back by postdeploy. Locally nothing changes:
# the local host serves pages and API on one origin.
set -eu
cp web/config.json web/config.json.orig
for page in web/*.html web/staff/*.html; do
  cp "$page" "$page.orig"
  sed -i "s#connect-src 'self'#connect-src 'self' ${API_BASE_URL}#" "$page"
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
