// The Key Vault that holds the app's secrets: the owners' ticket-token key, the owners' session key and the mainland SMS (Aliyun) AccessKey
// secret and callback secret. RBAC mode (no access policies), soft delete and purge protection, so neither a mistake
// nor a compromised deployer can destroy a secret for good. The app reads them through Key Vault references in its
// settings, with its identity holding Key Vault Secrets User on this vault only (roles.bicep); the deployment writes
// them through Azure Resource Manager, which needs no data-plane role.

param location string
param tags object
param name string

@description('Recover this vault from soft delete (it was deleted with its resource group) instead of creating it.')
param recover bool

@secure()
param deskTokenKey string

@secure()
param deskOwnerSessionKey string

// The Aliyun secrets exist only once given; these flags (not the secrets) decide, so no output depends on a secret.
param hasAliyunAccessKeySecret bool
param hasAliyunCallbackSecret bool

@secure()
param aliyunAccessKeySecret string

@secure()
param aliyunCallbackSecret string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Deleted secrets and the vault itself are kept 90 days and cannot be purged before then. After `azd down` the
    // preprovision hook finds the deleted vault and the next provision recovers it (its name is taken until then).
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    createMode: recover ? 'recover' : 'default'
    // Flex Consumption without a virtual network reaches the vault over its public endpoint; every read still
    // needs an Entra ID token and the Secrets User role.
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

resource tokenKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'desk-token-key'
  properties: { value: deskTokenKey }
}

resource ownerSessionKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'desk-owner-session-key'
  properties: { value: deskOwnerSessionKey }
}

resource accessKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (hasAliyunAccessKeySecret) {
  parent: vault
  name: 'aliyun-access-key-secret'
  properties: { value: aliyunAccessKeySecret }
}

resource callbackSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (hasAliyunCallbackSecret) {
  parent: vault
  name: 'aliyun-callback-secret'
  properties: { value: aliyunCallbackSecret }
}

// Versionless URIs: the app always gets the latest version (App Service refreshes references within a day, and at
// every restart or settings change, e.g. the next provision).
output name string = vault.name
output deskTokenKeyUri string = '${vault.properties.vaultUri}secrets/${tokenKey.name}/'
output deskOwnerSessionKeyUri string = '${vault.properties.vaultUri}secrets/${ownerSessionKey.name}/'
// Empty when the secret does not exist: a reference to a missing secret would reach the app as the reference text.
output aliyunAccessKeySecretUri string = hasAliyunAccessKeySecret ? '${vault.properties.vaultUri}secrets/aliyun-access-key-secret/' : ''
output aliyunCallbackSecretUri string = hasAliyunCallbackSecret ? '${vault.properties.vaultUri}secrets/aliyun-callback-secret/' : ''
