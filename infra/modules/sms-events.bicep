// The Event Grid subscription that delivers inbound SMS and delivery reports to the Function
// SmsEvents (POST /api/sms/events). Event Grid validates a webhook when the subscription is
// created, so this can only succeed once the app's code is deployed: main.bicep adds it when
// smsEventsEnabled is true (the postdeploy hook of azure.yaml turns it on and provisions again).

param systemTopicName string
param functionAppName string

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// The host's default function key: SmsEvents is function-key protected (authLevel Function).
// Read at deployment time and passed straight to Event Grid, never stored or output.
var hostKeys = listKeys('${app.id}/host/default', '2024-04-01')

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'sms-to-function'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Event Grid keeps the full URL write-only: reads return only the base URL, so the key
        // does not show up in the portal or in deployment outputs.
        endpointUrl: 'https://${app.properties.defaultHostName}/api/sms/events?code=${hostKeys.functionKeys.default}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    // A staff reply matters for a day at most; Event Grid retries with back-off until then.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
