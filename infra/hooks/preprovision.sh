#!/bin/sh
# azd preprovision hook: creates, once per azd environment, the values that must stay the same
# on every provision. azd passes the environment's values in as variables and re-reads them
# after this hook, so what is set here reaches infra/main.parameters.json.
set -eu

# Desk__TokenKey: 32 random bytes, base64. Kept only in the local azd environment
# (.azure/<env>/.env, ignored by git) and in the Function app's settings. Changing it breaks
# every tracking link already sent, so it is never regenerated once set.
if [ -z "${DESK_TOKEN_KEY:-}" ]; then
  key=$(openssl rand -base64 32 2>/dev/null || head -c 32 /dev/urandom | base64)
  azd env set DESK_TOKEN_KEY "$key" >/dev/null
  echo "preprovision: generated DESK_TOKEN_KEY for this environment"
fi

# The budget's first month; a budget's start date should not move on every deployment.
if [ -z "${BUDGET_START_DATE:-}" ]; then
  azd env set BUDGET_START_DATE "$(date -u +%Y-%m-01)" >/dev/null
fi

if [ -z "${BUDGET_CONTACT_EMAIL:-}" ]; then
  echo "preprovision: BUDGET_CONTACT_EMAIL is not set, so no budget alert is created (azd env set BUDGET_CONTACT_EMAIL you@example.com)"
fi
