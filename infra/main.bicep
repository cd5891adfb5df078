// PropertyFunctions in Azure: one resource group per azd environment with everything the desk
// needs, and nothing that needs a key. infra/README.md describes every resource, role and
// setting; `azd up` (azure.yaml) provisions this and deploys the code.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

// Regions where Flex Consumption runs .NET 10 isolated (the list Microsoft's own Flex Consumption azd template for
// .NET 10 allows, Feb 2026). azd offers exactly these when it asks; the preprovision hook also asks Azure itself, since
// the list grows. Check `az functionapp list-flexconsumption-locations` and add a region here when it appears.
@description('Region of the resource group and the Function app: one with Flex Consumption.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Region of the Static Web App. The Free plan exists only in these regions.')
@allowed(['eastasia', 'westeurope', 'eastus2', 'centralus', 'westus2'])
param staticWebAppLocation string = 'eastasia'

@description('Object id of the deployer (azd sets it to the signed-in account); gets data roles on storage. Empty: none.')
param principalId string = ''

@description('Kind of principalId: User for a person, ServicePrincipal for a CI identity, Group for a team.')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string = 'User'

@secure()
@minLength(44)
@description('Desk__TokenKey: base64 of >= 32 random bytes. The preprovision hook generates it once per azd environment; it is stored in Key Vault.')
param deskTokenKey string

@secure()
@minLength(44)
@description('Desk__OwnerSessions__Key: base64 of >= 32 random bytes that signs owners\' session cookies and hashes their sign-in codes. The preprovision hook generates it once per azd environment; it is stored in Key Vault.')
param deskOwnerSessionKey string

@description('Desk__TimeZone: IANA time zone for office hours and quiet hours.')
param deskTimeZone string = 'Asia/Shanghai'

@description('Desk__EmergencyPhone: the 24-hour line shown to owners.')
param deskEmergencyPhone string = '400-000-0000'

@maxLength(100)
@description('Desk__PaymentInstructions: how owners pay, quoted in fee reminders. Empty: a generic sentence.')
param deskPaymentInstructions string = ''

@minValue(1)
param ratePerAddressPerHour int = 20

@minValue(1)
param ratePerPhonePerHour int = 5

@description('Sms__Provider: auto (acs once smsFrom is set, log until then), log (SMS only recorded), acs (Communication Services) or aliyun (mainland China).')
@allowed(['auto', 'log', 'acs', 'aliyun'])
param smsProvider string = 'auto'

@description('Sms__From: E.164 number or alphanumeric sender id bought in Communication Services. Empty until bought: SMS are only logged.')
param smsFrom string = ''

@description('Sms__Aliyun__AccessKeyId: the AccessKey ID of the RAM user that sends mainland SMS (an identifier; its secret goes to Key Vault).')
param aliyunAccessKeyId string = ''

@secure()
@description('Sms__Aliyun__AccessKeySecret, stored in Key Vault. Empty: not configured.')
param aliyunAccessKeySecret string = ''

@secure()
@description('Sms__Aliyun__CallbackSecret: authenticates the Aliyun callback webhook; stored in Key Vault. Empty: not configured.')
param aliyunCallbackSecret string = ''

@description('Sms__Aliyun__SignName: the approved SMS signature (签名).')
param aliyunSignName string = ''

@description('Sms__Aliyun__Templates__<key>: approved template codes as "key=code;key=code" (e.g. "ack=SMS_123456;dispatch=SMS_234567").')
param aliyunTemplates string = ''

@description('Where Communication Services keeps data at rest.')
@allowed(['United States', 'Europe', 'UK', 'Australia', 'Japan', 'France', 'Switzerland', 'Germany', 'Norway', 'Canada', 'India', 'Asia Pacific', 'Korea', 'UAE', 'Brazil', 'Africa'])
param acsDataLocation string = 'United States'

@description('Application (client) id of the staff sign-in app registration (infra/README.md). Empty: no platform sign-in; the staff API refuses every call.')
param staffAuthClientId string = ''

@description('Flex Consumption instance size; 2048 MB is the platform default.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// Flex Consumption accepts 1 to 1000 (it was 40 to 1000 while in preview); the ceiling applies per scale group
// (all HTTP Functions together, each queue or timer Function on its own).
@minValue(1)
@maxValue(1000)
@description('Scale-out ceiling, also a ceiling on cost under a flood of requests.')
param maximumInstanceCount int = 40

@description('Monthly budget amount in the billing currency.')
@minValue(1)
param budgetAmount int = 20

@description('E-mail for budget alerts. Empty: no budget is created.')
param budgetContactEmail string = ''

// Azure refuses a budget that starts before the current month, and refuses to change an existing budget's start.
// So the preprovision hook reads the budget each time: its start date when it exists, empty when it does not, and
// then the budget starts this month. Nothing is pinned in the azd environment.
@description('Start of the budget that already exists (yyyy-MM-01, set by the preprovision hook). Empty: this month.')
param budgetStartDate string = ''

@description('The first day of the current month, UTC; leave as is.')
param budgetThisMonth string = utcNow('yyyy-MM-01')

@description('E-mail of the operator who receives every alert (docs/operations.md). Empty: no e-mail.')
param alertEmail string = ''

@description('Duty phone that gets an SMS for every alert: the national number, digits only. Empty: no SMS.')
param alertDutyPhone string = ''

@description('Country calling code of the duty phone, digits only.')
param alertDutyPhoneCountryCode string = '86'

@description('SMS failure rate (percent over 15 minutes) above which the SMS alert fires.')
@minValue(0)
@maxValue(100)
param alertSmsFailurePercent int = 5

@description('Failed Function runs in 15 minutes above which the failures alert fires.')
@minValue(0)
param alertFunctionFailures int = 5

@description('Minutes without a ServiceLevelWatch run before the timers alert fires.')
@allowed([10, 15, 30, 45, 60])
param alertWatchSilenceMinutes int = 15

// Availability test locations: East Asia (Hong Kong) and Southeast Asia (Singapore), the nearest to the desk's users.
// Each location is billed per call (12 an hour); add others (e.g. 'apac-jp-kaw-edge' Japan East, 'emea-nl-ams-azr'
// West Europe, 'us-va-ash-azr' East US) to tell a regional network fault from the app's.
@description('Availability test location ids GET /api/health is called from (at least two).')
@minLength(2)
param availabilityLocations array = ['apac-hk-hkn-azr', 'apac-sg-sin-azr']

@description('Locations that must fail at once for the health alert to fire.')
@minValue(1)
param availabilityFailedLocations int = 2

@description('Recover the soft-deleted Key Vault of this environment (after azd down) instead of creating it: set by the preprovision hook.')
param keyVaultRecover bool = false

// Same token for the same subscription, environment and region: names stay stable across runs
// and different environments never collide.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'property-functions' }

// Names the code uses: PropertyFunctions.Azure.Storage.StorageNames (Tables, Queues, Containers) and the
// tables of the features on the roadmap. The infra tests keep this list and the code in step.
var tables = [
  'Tickets'
  'TicketIds'
  'Idempotency'
  'RateLimits'
  'SmsLog'
  'Staff'
  'StaffPhones'
  'Communities'
  'Owners'
  'OptOuts'
  'Fees'
  'Notices'
  'Events'
  'Signups'
  'NoticeBroadcasts'
  'EventIds'
  'Checkpoints'
  'RatingIndex'
  'Links'
  'PageWindows'
  'PrivacyAudit'
  'OwnerSignIns'
]
var queues = ['ticket-route', 'sms-send', 'notice-fanout', smsEventsQueue, 'owner-codes']
// Event Grid delivers Communication Services SMS events (inbound SMS, delivery reports) to this queue.
var smsEventsQueue = 'sms-events'
// StorageNames.Containers: private blob containers of tickets' records (owners' photos).
var containers = ['ticket-photos']
// How long tickets' photos are kept after upload: two years, the usual retention of service-ticket
// records at a property company (modules/storage.bicep, infra/README.md "Owners' photos").
var recordRetentionDays = 730

// Names are computed here, before deployment, rather than read from module outputs, so that
// What-If can predict the role assignments and the event subscription that refer to them.
var functionAppName = 'func-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var appInsightsName = 'appi-${resourceToken}'
var communicationServiceName = 'acs-${resourceToken}'
var systemTopicName = 'evgt-acs-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'

// Built-in role definition ids.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    appInsightsName: appInsightsName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: storageAccountName
    tables: tables
    queues: queues
    containers: containers
    recordRetentionDays: recordRetentionDays
    deploymentContainerName: deploymentContainerName
    // Browsers on the web origin upload photos straight to blob storage (CORS). The web module
    // needs nothing from storage, so this adds no cycle.
    webOrigin: web.outputs.origin
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'id-${resourceToken}'
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    tags: tags
    name: communicationServiceName
    dataLocation: acsDataLocation
    systemTopicName: systemTopicName
  }
}

module web 'modules/staticweb.bicep' = {
  name: 'web'
  scope: rg
  params: {
    location: staticWebAppLocation
    tags: tags
    name: 'swa-${resourceToken}'
  }
}

// Secrets, with the app's identity as their only reader (roles below).
module keyVault 'modules/keyvault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
    recover: keyVaultRecover
    deskTokenKey: deskTokenKey
    deskOwnerSessionKey: deskOwnerSessionKey
    hasAliyunAccessKeySecret: !empty(aliyunAccessKeySecret)
    hasAliyunCallbackSecret: !empty(aliyunCallbackSecret)
    aliyunAccessKeySecret: aliyunAccessKeySecret
    aliyunCallbackSecret: aliyunCallbackSecret
  }
}

// The app identity: Blob Data Owner (the host's leases and keys, and the Flex deployment
// package), Queue and Table Data Contributor (the app's queues and tables); metrics publisher
// on App Insights; SMS sending on Communication Services; Key Vault Secrets User on the vault
// (reading its secret settings, nothing else). Nothing at resource-group scope.
// Owners' photos need no role of their own: signing their URLs takes the user delegation key
// (generateUserDelegationKey, which Azure honours only at account scope or above), and checking
// and deleting uploads takes blob read and delete, all of which Blob Data Owner on the account
// already grants. A container-scoped role on ticket-photos would add nothing while it stays.
module appRoles 'modules/roles.bicep' = {
  name: 'app-roles'
  scope: rg
  params: {
    // The identity's object id exists only once it is created, so What-If cannot predict these
    // names; naming by it is still right: a re-created identity gets new assignments instead of
    // failing with RoleAssignmentUpdateNotPermitted.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storageAccountName
    storageRoleIds: [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]
    appInsightsName: appInsightsName
    communicationServiceName: communicationServiceName
    keyVaultName: keyVaultName
  }
  dependsOn: [storage, monitoring, communication, keyVault]
}

// The Event Grid system topic's own identity may add messages to the sms-events queue and nothing else.
module smsEventsRoles 'modules/roles.bicep' = {
  name: 'sms-events-roles'
  scope: rg
  params: {
    #disable-next-line what-if-short-circuiting
    principalId: communication.outputs.systemTopicPrincipalId
    principalType: 'ServicePrincipal'
    storageAccountName: storageAccountName
    storageRoleIds: []
    messageSenderQueueName: smsEventsQueue
  }
  dependsOn: [storage]
}

// The deployer: read and fix data (tables, queues, photos) without keys, e.g. with
// `az storage entity query --auth-mode login` or Storage Explorer.
module deployerRoles 'modules/roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-roles'
  scope: rg
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: storageAccountName
    storageRoleIds: [storageBlobDataContributor, storageQueueDataContributor, storageTableDataContributor]
  }
  dependsOn: [storage]
}

module api 'modules/functionapp.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    planName: 'plan-${resourceToken}'
    appName: functionAppName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    webOrigin: web.outputs.origin
    smsProvider: smsProvider == 'auto' ? (empty(smsFrom) ? 'log' : 'acs') : smsProvider
    smsEndpoint: communication.outputs.endpoint
    smsFrom: smsFrom
    aliyunAccessKeyId: aliyunAccessKeyId
    aliyunSignName: aliyunSignName
    aliyunTemplates: aliyunTemplates
    // Secret settings are Key Vault references (an Aliyun one only once its secret is given).
    deskTokenKeyUri: keyVault.outputs.deskTokenKeyUri
    deskOwnerSessionKeyUri: keyVault.outputs.deskOwnerSessionKeyUri
    aliyunAccessKeySecretUri: keyVault.outputs.aliyunAccessKeySecretUri
    aliyunCallbackSecretUri: keyVault.outputs.aliyunCallbackSecretUri
    deskTimeZone: deskTimeZone
    deskEmergencyPhone: deskEmergencyPhone
    deskPaymentInstructions: deskPaymentInstructions
    ratePerAddressPerHour: ratePerAddressPerHour
    ratePerPhonePerHour: ratePerPhonePerHour
    staffAuthClientId: staffAuthClientId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The app must not start before it may read its deployment package, storage and secrets.
  dependsOn: [appRoles]
}

// Inbound SMS and delivery reports: Event Grid puts them on the sms-events queue with the system topic's identity,
// and the SmsEvents queue Function takes them. Nothing needs the app's code to exist first, so one provision does it.
module smsEvents 'modules/sms-events.bicep' = {
  name: 'sms-events'
  scope: rg
  params: {
    systemTopicName: systemTopicName
    storageAccountName: storageAccountName
    queueName: smsEventsQueue
  }
  dependsOn: [communication, smsEventsRoles]
}

// Alerts, the availability test of GET /api/health and the operations workbook (docs/operations.md).
module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    // Deployed after the app (its host name), so after App Insights too.
    appInsightsName: appInsightsName
    functionAppHostName: api.outputs.defaultHostName
    deskTimeZone: deskTimeZone
    operatorEmail: alertEmail
    dutyPhone: alertDutyPhone
    dutyPhoneCountryCode: alertDutyPhoneCountryCode
    smsFailurePercent: alertSmsFailurePercent
    functionFailureThreshold: alertFunctionFailures
    watchSilenceMinutes: alertWatchSilenceMinutes
    availabilityLocations: availabilityLocations
    availabilityFailedLocations: availabilityFailedLocations
  }
}

module budget 'modules/budget.bicep' = if (!empty(budgetContactEmail)) {
  name: 'budget'
  scope: rg
  params: {
    name: 'budget-${environmentName}'
    amount: budgetAmount
    contactEmail: budgetContactEmail
    startDate: empty(budgetStartDate) ? budgetThisMonth : budgetStartDate
  }
}

// Outputs become azd environment values (used by azure.yaml hooks). Names and URLs only:
// no keys, no connection strings, no secure values.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = api.outputs.name
output API_BASE_URL string = 'https://${api.outputs.defaultHostName}'
// The staff console, on the API's own origin (the StaffConsole Function).
output STAFF_CONSOLE_URL string = 'https://${api.outputs.defaultHostName}/api/console/staff/'
output WEB_URL string = web.outputs.origin
output STATIC_WEB_APP_NAME string = web.outputs.name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
// Where browsers PUT and GET photos; the predeploy hook puts it in the owner pages' CSP.
output PHOTOS_ORIGIN string = storage.outputs.blobOrigin
output COMMUNICATION_SERVICE_NAME string = communication.outputs.name
output COMMUNICATION_SERVICE_ENDPOINT string = communication.outputs.endpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output KEY_VAULT_NAME string = keyVaultName
