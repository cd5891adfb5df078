#!/bin/sh
# azd postdeploy hook: puts back the pages and config.json that predeploy adjusted, then subscribes the SMS events
# to the app. Event Grid checks a webhook when the subscription is created (the validation
# handshake), so the subscription can only be made once the code answering it is deployed:
# on the first `azd up` this provisions a second time with SMS_EVENTS_ENABLED=true.
set -eu
for original in web/*.orig web/staff/*.orig; do
  [ -e "$original" ] && mv "$original" "${original%.orig}"
done

if [ "${SMS_EVENTS_ENABLED:-false}" = "true" ]; then
  exit 0
fi
# Until the SmsEvents Function exists in the code there is nothing to subscribe.
if ! grep -rqs --include='*.cs' '"SmsEvents"' api/PropertyFunctions.Api; then
  echo "postdeploy: no SmsEvents Function in the code yet; SMS events are not subscribed"
  exit 0
fi
echo "postdeploy: subscribing SMS events to ${API_BASE_URL}/api/sms/events"
azd env set SMS_EVENTS_ENABLED true >/dev/null
azd provision --no-prompt
