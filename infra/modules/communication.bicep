// Azure Communication Services for SMS, and the Event Grid system topic that carries its SMS
// events. The phone number or alphanumeric sender id is bought outside Bicep (infra/README.md,
// "Getting an SMS number"): numbers are a purchase with regulatory paperwork, not a resource.

param tags object
param name string

@description('Where ACS stores data at rest, e.g. "United States", "Europe", "Asia Pacific".')
param dataLocation string

param systemTopicName string

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  // Communication Services is a global resource; dataLocation decides where data rests.
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // Only Entra ID (the app's managed identity) may send; the access keys are never used.
    disableLocalAuth: true
  }
}

// A system topic costs nothing by itself. Its system-assigned identity delivers the SMS events to the app's queue
// (sms-events.bicep), so no key or webhook secret is involved.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

output name string = communication.name
output endpoint string = 'https://${communication.properties.hostName}'
output systemTopicName string = systemTopic.name
output systemTopicPrincipalId string = systemTopic.identity.principalId
