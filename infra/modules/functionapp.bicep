// The Flex Consumption plan and the Function app (isolated worker, .NET 10), with identity-based
// storage, App Insights by identity, every setting the code reads (AppSettings.All in
// api/PropertyFunctions.Api/Startup/AppSettings.cs) and App Service authentication for staff.

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

@description('Origin of the web pages (https://host, no path): CORS, links in SMS, sign-in redirects.')
param webOrigin string

@description('Endpoint of Communication Services (https://<name>.<region>.communication.azure.com).')
param smsEndpoint string

@description('Sender: the E.164 number or alphanumeric sender id bought in ACS. Empty: SMS are only logged.')
param smsFrom string

@secure()
@description('Base64 of >= 32 random bytes; owners\' tracking tokens are HMACs under it.')
param deskTokenKey string

param deskTimeZone string
param deskEmergencyPhone string
param deskPaymentInstructions string
param ratePerAddressPerHour int
param ratePerPhonePerHour int

@description('Application (client) id of the Entra app registration for staff sign-in. Empty: no platform sign-in, staff API refuses everyone.')
param staffAuthClientId string

@allowed([512, 2048, 4096])
param instanceMemoryMB int
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

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
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: [webOrigin]
        // The staff console may call with the platform's session cookie.
        supportCredentials: true
      }
      appSettings: [
        // Host and app storage by identity: no connection string, no key.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // Telemetry by identity (App Insights has local auth disabled).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Until a sender is bought the app runs with the "log" provider (messages land in the
        // SMS log table) instead of failing its start-up validation for a missing Sms__From.
        { name: 'Sms__Provider', value: empty(smsFrom) ? 'log' : 'acs' }
        { name: 'Sms__Endpoint', value: smsEndpoint }
        { name: 'Sms__From', value: smsFrom }
        // The app's managed identity for ACS (DefaultAzureCredential picks the user-assigned one).
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'Desk__TimeZone', value: deskTimeZone }
        { name: 'Desk__PublicBaseUrl', value: webOrigin }
        { name: 'Desk__TokenKey', value: deskTokenKey }
        { name: 'Desk__EmergencyPhone', value: deskEmergencyPhone }
        { name: 'Desk__PaymentInstructions', value: deskPaymentInstructions }
        { name: 'Desk__RateLimits__PerAddressPerHour', value: string(ratePerAddressPerHour) }
        { name: 'Desk__RateLimits__PerPhonePerHour', value: string(ratePerPhonePerHour) }
      ]
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
// SMS webhook stay anonymous at the platform (AllowAnonymous): the API itself refuses staff
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
      // After /.auth/login/aad?post_login_redirect_uri=<web>/staff/ the platform may send the
      // browser back to the web origin, and nowhere else.
      allowedExternalRedirectUrls: [webOrigin]
      // The token store would need a SAS (a key) on Flex Consumption; the session cookie suffices.
      tokenStore: { enabled: false }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
