// The Flex Consumption plan and the Function app (isolated worker, .NET 10), with identity-based
// storage, App Insights by identity, every setting the code reads (AppSettings.All in
// api/PropertyFunctions.Api/Startup/AppSettings.cs; secrets as Key Vault references) and App Service
// authentication for staff, who use the console this app serves itself (/api/console/staff/).

param location string
param tags object
param planName string
param appName string

@description('Resource id, client id and principal id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string

@description('Origin of the owner pages (https://host, no path): CORS for their anonymous calls, links in SMS.')
param webOrigin string

@description('log, acs or aliyun (main.bicep resolves auto).')
param smsProvider string

@description('Endpoint of Communication Services (https://<name>.<region>.communication.azure.com).')
param smsEndpoint string

@description('Sender: the E.164 number or alphanumeric sender id bought in ACS. Empty: SMS are only logged.')
param smsFrom string

param aliyunAccessKeyId string
param aliyunSignName string

@description('Template codes as "key=code;key=code"; each becomes Sms__Aliyun__Templates__<key>.')
param aliyunTemplates string

@description('Versionless Key Vault secret URIs of the secret settings; an empty one leaves its setting empty.')
param deskTokenKeyUri string
param deskOwnerSessionKeyUri string
param aliyunAccessKeySecretUri string
param aliyunCallbackSecretUri string

param deskTimeZone string
param deskEmergencyPhone string
param deskPaymentInstructions string
param ratePerAddressPerHour int
param ratePerPhonePerHour int

@description('Application (client) id of the Entra app registration for staff sign-in. Empty: no platform sign-in, staff API refuses everyone.')
param staffAuthClientId string

@allowed([512, 2048, 4096])
param instanceMemoryMB int
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

// The app reads a secret setting through a Key Vault reference, which the platform resolves with the app's identity.
var deskTokenKeyReference = '@Microsoft.KeyVault(SecretUri=${deskTokenKeyUri})'
var deskOwnerSessionKeyReference = '@Microsoft.KeyVault(SecretUri=${deskOwnerSessionKeyUri})'
var aliyunAccessKeySecretReference = empty(aliyunAccessKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${aliyunAccessKeySecretUri})'
var aliyunCallbackSecretReference = empty(aliyunCallbackSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${aliyunCallbackSecretUri})'

var templateSettings = [
  for pair in filter(split(aliyunTemplates, ';'), p => contains(p, '=')): {
    name: 'Sms__Aliyun__Templates__${trim(split(pair, '=')[0])}'
    value: trim(split(pair, '=')[1])
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true } // Linux
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd deploys the "api" service to the resource carrying this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved with the user-assigned identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The owner pages (on the static site) call the owners' endpoints anonymously. No credentials: the staff
      // console is on this app's own origin, so no other origin may call the staff API with a sign-in cookie.
      cors: {
        allowedOrigins: [webOrigin]
        supportCredentials: false
      }
      appSettings: concat([
        // Host and app storage by identity: no connection string, no key.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // Telemetry by identity (App Insights has local auth disabled).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // "log" until a sender is bought (messages land in the SMS log table), so the app still starts.
        { name: 'Sms__Provider', value: smsProvider }
        { name: 'Sms__Endpoint', value: smsEndpoint }
        { name: 'Sms__From', value: smsFrom }
        { name: 'Sms__Aliyun__AccessKeyId', value: aliyunAccessKeyId }
        { name: 'Sms__Aliyun__AccessKeySecret', value: aliyunAccessKeySecretReference }
        { name: 'Sms__Aliyun__CallbackSecret', value: aliyunCallbackSecretReference }
        { name: 'Sms__Aliyun__SignName', value: aliyunSignName }
        // The app's managed identity for ACS (DefaultAzureCredential picks the user-assigned one).
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'Desk__TimeZone', value: deskTimeZone }
        { name: 'Desk__PublicBaseUrl', value: webOrigin }
        { name: 'Desk__TokenKey', value: deskTokenKeyReference }
        { name: 'Desk__OwnerSessions__Key', value: deskOwnerSessionKeyReference }
        { name: 'Desk__EmergencyPhone', value: deskEmergencyPhone }
        { name: 'Desk__PaymentInstructions', value: deskPaymentInstructions }
        { name: 'Desk__RateLimits__PerAddressPerHour', value: string(ratePerAddressPerHour) }
        { name: 'Desk__RateLimits__PerPhonePerHour', value: string(ratePerPhonePerHour) }
      ], templateSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

// Publishing with basic (user/password) credentials is off; azd deploys with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// App Service authentication ("Easy Auth") with Entra ID for staff. Owners' endpoints and the
// console's files stay anonymous at the platform (AllowAnonymous): the API itself refuses staff
// calls without a principal (401). With this on, the platform strips any client-sent
// X-MS-CLIENT-PRINCIPAL, sets its own for signed-in callers, and sets WEBSITE_AUTH_ENABLED=True,
// the switch StaffAuth.cs checks before trusting that header. No client secret: browser sign-in
// uses the ID-token (form_post) flow, and bearer tokens are validated against the audiences below.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(staffAuthClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: { requireHttps: true }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: staffAuthClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // v2 access tokens carry the client id as audience, v1 tokens the api:// URI.
          allowedAudiences: [staffAuthClientId, 'api://${staffAuthClientId}']
        }
      }
    }
    login: {
      // The console links to /.auth/login/aad?post_login_redirect_uri=/api/console/staff/: a path on this same
      // origin, so no external redirect is allowed at all, and the session cookie is first-party.
      allowedExternalRedirectUrls: []
      // The console's #t=<ticket> survives the sign-in round trip.
      preserveUrlFragmentsForLogins: true
      // The token store would need a SAS (a key) on Flex Consumption; the session cookie suffices.
      tokenStore: { enabled: false }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
