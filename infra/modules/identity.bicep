// The Function app's user-assigned identity. User-assigned (not system-assigned) because the
// role assignments and the deployment-storage setting must exist before the app first starts,
// and because it survives re-creating the app.

param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
