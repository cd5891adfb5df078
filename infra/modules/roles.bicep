// Role assignments for one principal, each scoped to the single resource it needs (never the
// resource group or subscription). Names are guid(scope, principal, role), so re-running the
// deployment finds the same assignment instead of failing on a duplicate.

@description('Object id of the principal (the Function app identity, the Event Grid system topic, or the deployer).')
param principalId string

@description('User, Group or ServicePrincipal (a managed identity is a ServicePrincipal).')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

param storageAccountName string

@description('Role definition ids to grant on the storage account.')
param storageRoleIds array

@description('Application Insights to grant Monitoring Metrics Publisher on; empty for none.')
param appInsightsName string = ''

@description('Communication Services resource to grant SMS sending on; empty for none.')
param communicationServiceName string = ''

@description('Key Vault to grant reading secrets on; empty for none.')
param keyVaultName string = ''

@description('Queue of the storage account to grant adding messages to (and nothing else); empty for none.')
param messageSenderQueueName string = ''

// Built-in role definition ids (the same in every tenant).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
// "Communication and Email Service Owner": the built-in role for calling Communication Services
// (SMS send) with an Entra ID identity. ACS does not honour custom roles, so nothing narrower
// exists; it is still narrower than Contributor, and its ListKeys right is moot because the
// resource has local (key) auth disabled.
var communicationSender = '09976791-48a7-449e-bb21-39d1a415f350'
// "Key Vault Secrets User": read secret values; not list, set or delete them, nor touch keys or certificates.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// "Storage Queue Data Message Sender": add messages to a queue; not read, delete or see them.
var queueMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = if (!empty(appInsightsName)) {
  name: empty(appInsightsName) ? 'none' : appInsightsName
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(appInsightsName)) {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' existing = if (!empty(communicationServiceName)) {
  name: empty(communicationServiceName) ? 'none' : communicationServiceName
}

resource smsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(communicationServiceName)) {
  name: guid(communication.id, principalId, communicationSender)
  scope: communication
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationSender)
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = if (!empty(keyVaultName)) {
  name: empty(keyVaultName) ? 'none' : keyVaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultName)) {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' existing = {
  parent: storage
  name: 'default'
}

resource senderQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' existing = if (!empty(messageSenderQueueName)) {
  parent: queueService
  name: empty(messageSenderQueueName) ? 'none' : messageSenderQueueName
}

resource messageSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(messageSenderQueueName)) {
  name: guid(senderQueue.id, principalId, queueMessageSender)
  scope: senderQueue
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSender)
  }
}
