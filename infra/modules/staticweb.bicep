// Static Web Apps, Free plan, for the pages in web/ (owner pages and the staff console).
// Free is enough: no API is linked here (a linked backend needs Standard); the pages call the
// Function app directly (CORS), and staff sign in on the Function app (infra/README.md, "Static
// hosting and staff sign-in").

@description('Static Web Apps Free is offered in a few regions only, independent of the app region.')
param location string
param tags object
param name string

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the "web" service to the resource carrying this tag.
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: { name: 'Free', tier: 'Free' }
  properties: {
    // Deployed by azd with the site's deployment token, not from a repository; no pull-request
    // preview environments.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

output name string = site.name
output origin string = 'https://${site.properties.defaultHostname}'
