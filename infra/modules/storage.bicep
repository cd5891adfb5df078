// The one storage account of the app: AzureWebJobsStorage (host state, timers' leases), the
// app's tables and queues, the Flex Consumption deployment package and owners' photos.
// Shared keys are off: every caller (the Function app, the deployer, azd) uses Entra ID roles.

param location string
param tags object
param name string

@description('Tables the app uses (PropertyFunctions.Azure.Storage.StorageNames.Tables and the tables of later features).')
param tables array

@description('Trigger queues; each also gets its "<name>-poison" queue (host.json maxDequeueCount).')
param queues array

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

// At least one: a lifecycle rule with no prefix would apply to every blob, the package included.
@minLength(1)
@description('Private blob containers the app uses (StorageNames.Containers). They hold tickets\' records, so each is under the retention rule below; the deployment package container is not.')
param containers array

@minValue(1)
@description('Days after its last modification that a blob in one of the app\'s containers is deleted.')
param recordRetentionDays int

@description('Origin of the web pages (https://host, no path): the only origin whose browsers may upload and read blobs.')
param webOrigin string

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Flex Consumption without a virtual network reaches storage over its public endpoint;
    // access is still refused without an Entra ID token and a data role.
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // Owners' photos and packages are easy to lose by mistake; a week of soft delete is cheap.
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    // Owners' browsers, on the web origin, PUT a photo straight to its blob with an upload URL
    // (x-ms-blob-type and Content-Type headers, hence a preflight) and may GET or HEAD it with a
    // read URL; <img> needs no CORS. One origin, never '*'; the SAS in each URL still decides
    // what a request may do. A custom domain on the Static Web App must be added here as well.
    cors: {
      corsRules: [
        {
          allowedOrigins: [webOrigin]
          allowedMethods: ['PUT', 'GET', 'HEAD', 'OPTIONS']
          allowedHeaders: ['content-type', 'x-ms-blob-type', 'x-ms-version', 'x-ms-client-request-id']
          // The request id only, to quote when an upload fails; the pages read nothing else.
          exposedHeaders: ['x-ms-request-id']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// The app's containers (today ticket-photos, owners' photos of tickets). Owners upload and
// everyone reads through short-lived user-delegation SAS URLs for one blob each, which the API
// hands out; the containers themselves are private.
resource appContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

// Photos are part of a ticket's record, and a property company usually keeps service-ticket
// records for two years (complaints, disputes over a repair or a fee, warranty claims on work
// done); after that they are personal data with no purpose left, so they go. Lifecycle
// management deletes each blob recordRetentionDays after it was last written (an attached
// photo is never rewritten, so that is its upload date); blob soft delete (above) keeps it 7
// more days. The deployment package container is deliberately outside the rule: its blob is
// only rewritten on deploy, and deleting it would stop the app.
resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-ticket-records'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              // "container/": this container only, not others whose names start alike.
              prefixMatch: [for container in containers: '${container}/']
            }
            actions: {
              baseBlob: { delete: { daysAfterModificationGreaterThan: recordRetentionDays } }
            }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource triggerQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

// The host creates poison queues on first use; declaring them makes them visible (and
// monitorable) from day one and lets the infra tests check the names.
resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queues: {
    parent: queueService
    name: '${queue}-poison'
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
// The origin browsers upload photos to (https://<account>.blob.<suffix>, no trailing slash): the
// pages' Content-Security-Policy must allow it (the predeploy hook, infra/hooks/OwnerPages.cs).
output blobOrigin string = 'https://${account.name}.blob.${environment().suffixes.storage}'
