// The Event Grid subscription that puts Communication Services SMS events (inbound SMS and delivery reports) on the
// app's sms-events queue, where the SmsEvents queue Function takes them. Event Grid writes with the system topic's
// own managed identity (delivery with resource identity), which holds Storage Queue Data Message Sender on that one
// queue (roles.bicep): no webhook, no function key, no validation handshake, and nothing that needs the app's code
// to exist, so a single provision creates it. Each message is one event in the Event Grid schema, base64-encoded,
// which is what the queue trigger expects (host.json messageEncoding).

param systemTopicName string
param storageAccountName string
param queueName string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'sms-to-queue'
  properties: {
    deliveryWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: queueName
          // A staff reply or a delivery report matters for a day at most.
          queueMessageTimeToLiveInSeconds: 86400
        }
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    // If the queue cannot be written (e.g. the role is still propagating), Event Grid retries with back-off for a day.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
