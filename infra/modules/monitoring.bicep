// Log Analytics workspace and workspace-based Application Insights. Local (key) authentication
// is disabled: telemetry is accepted only with an Entra ID token, which the Function app gets
// from its user-assigned identity (role Monitoring Metrics Publisher, see roles.bicep).

param location string
param tags object
param logAnalyticsName string
param appInsightsName string

@description('Days to keep logs. 30 is the span included in the Log Analytics price.')
param retentionInDays int = 30

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    features: { disableLocalAuth: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
// The connection string names the ingestion endpoint; with local auth disabled it grants nothing
// on its own, ingestion also needs the identity's token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
output connectionString string = appInsights.properties.ConnectionString
