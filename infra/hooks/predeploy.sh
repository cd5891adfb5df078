#!/bin/sh
# azd predeploy hook: tells the static pages where the API is. The pages are on the Static Web
# App's origin and the API on the Function app's, so they read web/config.json (absent locally,
# where the local host serves both on one origin). The file is generated, never committed.
set -eu
cat > web/config.json <<JSON
{
  "apiBaseUrl": "${API_BASE_URL}",
  "staffSignInUrl": "${API_BASE_URL}/.auth/login/aad",
  "tenantId": "${AZURE_TENANT_ID}",
  "staffAuthClientId": "${STAFF_AUTH_CLIENT_ID:-}"
}
JSON
