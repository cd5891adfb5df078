// A monthly cost budget on the resource group with e-mail alerts, so pay-per-use never
// surprises: at 80 % of the amount actually spent, and when the month's forecast passes 100 %.
// A budget only alerts; it never stops the app.

param name string

@description('Monthly amount, in the billing currency of the subscription.')
@minValue(1)
param amount int

param contactEmail string

@description('First day of the first budget month, yyyy-MM-01. Kept stable across deployments.')
param startDate string

resource budget 'Microsoft.Consumption/budgets@2023-11-01' = {
  name: name
  properties: {
    category: 'Cost'
    amount: amount
    timeGrain: 'Monthly'
    timePeriod: { startDate: startDate }
    notifications: {
      actual80: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 80
        thresholdType: 'Actual'
        contactEmails: [contactEmail]
      }
      forecast100: {
        enabled: true
        operator: 'GreaterThan'
        threshold: 100
        thresholdType: 'Forecasted'
        contactEmails: [contactEmail]
      }
    }
  }
}
