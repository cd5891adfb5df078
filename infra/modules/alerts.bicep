// What wakes the right person: an action group (e-mail to the operator, SMS to the duty phone), the desk's alerts on its
// own metrics (DeskMetrics in api/PropertyFunctions.Core/Common/DeskMetrics.cs, exported to Application Insights as
// customMetrics), Function failures, a standard availability test of GET /api/health from several regions, and a
// workbook. docs/operations.md says what each alert means and what to do first.

param location string
param tags object
param appInsightsName string

@description('Host name of the Function app (func-<token>.azurewebsites.net): the availability test calls https://<host>/api/health.')
param functionAppHostName string

@description('IANA time zone of the desk: the workbook\'s "today" starts at local midnight.')
param deskTimeZone string

@description('E-mail of the operator who receives every alert. Empty: no e-mail.')
param operatorEmail string

@description('Duty phone that gets an SMS for every alert (national number, digits only). Empty: no SMS.')
param dutyPhone string

@description('Country calling code of the duty phone, digits only (86 for mainland China).')
param dutyPhoneCountryCode string

@description('SMS failure rate, in percent of SMS sent or failed over 15 minutes, above which the SMS alert fires.')
@minValue(0)
@maxValue(100)
param smsFailurePercent int

@description('Failed Function runs (requests with success false) in 15 minutes above which the failures alert fires.')
@minValue(0)
param functionFailureThreshold int

@description('Minutes without a ServiceLevelWatch run after which the timers are taken to have stopped (the timer runs every 5).')
@allowed([10, 15, 30, 45, 60])
param watchSilenceMinutes int

@description('Regions (availability test location ids) the health check is called from; at least two.')
@minLength(2)
param availabilityLocations array

@description('Regions that must fail at once for the availability alert to fire.')
@minValue(1)
param availabilityFailedLocations int

// The names the code gives its metrics and tags (DeskMetrics); the infra tests hold these to the code.
var metrics = {
  smsSent: 'propertyfunctions.sms.sent'
  smsFailed: 'propertyfunctions.sms.failed'
  smsRetried: 'propertyfunctions.sms.retried'
  poisoned: 'propertyfunctions.queue.poisoned'
  emergenciesUnanswered: 'propertyfunctions.emergencies.unanswered'
  budgetBreakerTrips: 'propertyfunctions.sms.budget_breaker.trips'
  watchDuration: 'propertyfunctions.watch.duration'
  ticketsReceived: 'propertyfunctions.tickets.received'
  dispatchDuration: 'propertyfunctions.tickets.dispatch.duration'
  acceptDuration: 'propertyfunctions.tickets.accept.duration'
  serviceLevelBreaches: 'propertyfunctions.service_level.breaches'
}

var suffix = uniqueString(resourceGroup().id, appInsightsName)

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-desk-${suffix}'
  // Action groups are global resources.
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'desk-ops'
    enabled: true
    emailReceivers: empty(operatorEmail) ? [] : [
      {
        name: 'operator'
        emailAddress: operatorEmail
        useCommonAlertSchema: true
      }
    ]
    smsReceivers: empty(dutyPhone) ? [] : [
      {
        name: 'duty-phone'
        countryCode: dutyPhoneCountryCode
        phoneNumber: dutyPhone
      }
    ]
  }
}

// One log alert per condition, each on a query of Application Insights that returns a number per dimension.
var logAlerts = [
  {
    name: 'poison'
    displayName: 'Desk: a message was moved to a poison queue'
    description: 'A ticket-route, sms-send, notice-fanout or sms-events message failed every attempt. Runbook: docs/operations.md, "Poison message".'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "${metrics.poisoned}" | extend queue = tostring(customDimensions["queue"]) | summarize poisoned = sum(valueSum) by queue'
    measure: 'poisoned'
    dimension: 'queue'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'sms-failure-rate'
    displayName: 'Desk: SMS failure rate above ${smsFailurePercent} %'
    description: 'More than ${smsFailurePercent} % of the SMS given to the provider in 15 minutes failed for good. Runbook: docs/operations.md, "SMS failing".'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name in ("${metrics.smsSent}", "${metrics.smsFailed}") | summarize sent = sumif(valueSum, name == "${metrics.smsSent}"), failed = sumif(valueSum, name == "${metrics.smsFailed}") | extend failurePercent = iff(sent + failed == 0, 0.0, 100.0 * failed / (sent + failed))'
    measure: 'failurePercent'
    dimension: ''
    operator: 'GreaterThan'
    threshold: smsFailurePercent
  }
  {
    name: 'sms-account'
    displayName: 'Desk: the SMS provider refuses the account or its configuration'
    description: 'The provider answered with a balance, account, credential, signature or template error: no SMS goes out until someone fixes it. Runbook: docs/operations.md, "SMS provider account".'
    severity: 0
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name in ("${metrics.smsFailed}", "${metrics.smsRetried}") | extend kind = tostring(customDimensions["sms.error.kind"]), code = strcat(tostring(customDimensions["sms.provider"]), ":", tostring(customDimensions["sms.error.code"])) | where kind in ("account", "configuration") | summarize errors = sum(valueSum) by code'
    measure: 'errors'
    dimension: 'code'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'emergency-unanswered'
    displayName: 'Desk: an emergency is unanswered after the supervisor was paged'
    description: 'An emergency ticket is still unaccepted when the emergency ladder pages its last level (the manager, 10 minutes after dispatch). Runbook: docs/operations.md, "Emergency unanswered".'
    severity: 0
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "${metrics.emergenciesUnanswered}" | extend community = tostring(customDimensions["community"]) | summarize unanswered = sum(valueSum) by community'
    measure: 'unanswered'
    dimension: 'community'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'budget-breaker'
    displayName: 'Desk: a community\'s SMS budget breaker tripped'
    description: 'A community sent its hourly SMS budget; owner SMS are held. Runbook: docs/operations.md, "Budget breaker".'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "${metrics.budgetBreakerTrips}" | extend community = tostring(customDimensions["community"]) | summarize trips = sum(valueSum) by community'
    measure: 'trips'
    dimension: 'community'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'function-failures'
    displayName: 'Desk: Function failures above ${functionFailureThreshold} in 15 minutes'
    description: 'Function runs ended in an exception. Runbook: docs/operations.md, "Function failures".'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'requests | where success == false | summarize failures = count() by function = operation_Name'
    measure: 'failures'
    dimension: 'function'
    operator: 'GreaterThan'
    threshold: functionFailureThreshold
  }
  {
    name: 'watch-silent'
    displayName: 'Desk: no ServiceLevelWatch run for ${watchSilenceMinutes} minutes'
    description: 'The service-level timer has not finished a run: escalations, the routing sweep and auto-close have stopped. Runbook: docs/operations.md, "Timers stopped".'
    severity: 1
    frequency: 'PT5M'
    window: 'PT${watchSilenceMinutes}M'
    query: 'customMetrics | where name == "${metrics.watchDuration}" and tostring(customDimensions["watch"]) == "ServiceLevelWatch" | summarize runs = sum(valueCount) | extend runs = coalesce(runs, 0)'
    measure: 'runs'
    dimension: ''
    operator: 'LessThan'
    threshold: 1
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in logAlerts: {
    name: 'alert-${alert.name}-${suffix}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [appInsights.id]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Total'
            metricMeasureColumn: alert.measure
            dimensions: empty(alert.dimension) ? [] : [
              {
                name: alert.dimension
                operator: 'Include'
                values: ['*']
              }
            ]
            operator: alert.operator
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [operators.id]
      }
    }
  }
]

// A standard test: GET https://<app>/api/health every 5 minutes from each location; 200 is healthy, the health
// Function answers 503 when storage does not answer. Flex Consumption has no platform health check (App Service's
// Health check is for Premium and Dedicated plans), so this test is the only outside probe.
var healthTestName = 'webtest-health-${suffix}'

resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: healthTestName
  location: location
  // The portal shows a test under the component it is linked to by this tag.
  tags: union(tags, { 'hidden-link:${appInsights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: healthTestName
    Name: 'Desk health (GET /api/health)'
    Description: 'Storage and queues reachable, SMS provider configured.'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [for id in availabilityLocations: { Id: id }]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-health-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /api/health failed from ${availabilityFailedLocations} or more regions. Runbook: docs/operations.md, "Health check failing".'
    severity: 1
    enabled: true
    scopes: [healthTest.id, appInsights.id]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: appInsights.id
      failedLocationCount: availabilityFailedLocations
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

// The operator's page: today's tickets, dispatch and accept times, SMS health, emergencies and poison counts.
var today = 'let today = datetime_local_to_utc(startofday(datetime_utc_to_local(now(), "${deskTimeZone}")), "${deskTimeZone}");'

var workbookItems = [
  {
    type: 1
    name: 'title'
    content: { json: '## Property desk\nTimes are minutes; "today" starts at midnight in ${deskTimeZone}. Metric names: docs/operations.md.' }
  }
  {
    type: 3
    name: 'tickets-today'
    content: {
      version: 'KqlItem/1.0'
      title: 'Tickets received today'
      query: '${today} customMetrics | where timestamp >= today and name == "${metrics.ticketsReceived}" | summarize tickets = sum(valueSum) by kind = tostring(customDimensions["ticket.kind"]), emergency = tostring(customDimensions["ticket.emergency"])'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'table'
    }
  }
  {
    type: 3
    name: 'dispatch-accept'
    content: {
      version: 'KqlItem/1.0'
      title: 'Submission to dispatch, dispatch to accept (average minutes per hour, last 24 hours)'
      query: 'customMetrics | where timestamp > ago(24h) and name in ("${metrics.dispatchDuration}", "${metrics.acceptDuration}") | summarize minutes = sum(valueSum) / sum(valueCount) / 60 by bin(timestamp, 1h), series = strcat(iff(name == "${metrics.dispatchDuration}", "dispatch", "accept"), iff(tostring(customDimensions["ticket.emergency"]) == "True", " (emergency)", ""))'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
  }
  {
    type: 3
    name: 'sms-health'
    content: {
      version: 'KqlItem/1.0'
      title: 'SMS sent, failed and retried per hour (last 24 hours)'
      query: 'customMetrics | where timestamp > ago(24h) and name in ("${metrics.smsSent}", "${metrics.smsFailed}", "${metrics.smsRetried}") | summarize sms = sum(valueSum) by bin(timestamp, 1h), series = strcat(tostring(customDimensions["sms.provider"]), " ", tostring(split(name, ".")[2]))'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
  }
  {
    type: 3
    name: 'sms-errors'
    content: {
      version: 'KqlItem/1.0'
      title: 'SMS errors by provider code (last 24 hours)'
      query: 'customMetrics | where timestamp > ago(24h) and name in ("${metrics.smsFailed}", "${metrics.smsRetried}") | summarize sms = sum(valueSum) by provider = tostring(customDimensions["sms.provider"]), code = tostring(customDimensions["sms.error.code"]), kind = tostring(customDimensions["sms.error.kind"]), outcome = tostring(split(name, ".")[2]) | order by sms desc'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'table'
    }
  }
  {
    type: 3
    name: 'emergencies'
    content: {
      version: 'KqlItem/1.0'
      title: 'Emergencies today: received, accepted, escalated to the supervisor, unanswered after it (received minus accepted are still open)'
      query: '${today} customMetrics | where timestamp >= today | extend emergency = tostring(customDimensions["ticket.emergency"]) == "True" | summarize received = sumif(valueSum, name == "${metrics.ticketsReceived}" and emergency), accepted = sumif(valueCount, name == "${metrics.acceptDuration}" and emergency), escalated = sumif(valueSum, name == "${metrics.serviceLevelBreaches}" and emergency and tostring(customDimensions["step"]) == "escalate_accept"), unanswered = sumif(valueSum, name == "${metrics.emergenciesUnanswered}") | extend open = received - accepted'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'tiles'
    }
  }
  {
    type: 3
    name: 'poison'
    content: {
      version: 'KqlItem/1.0'
      title: 'Messages moved to poison queues (last 7 days)'
      query: 'customMetrics | where timestamp > ago(7d) and name == "${metrics.poisoned}" | summarize poisoned = sum(valueSum) by queue = tostring(customDimensions["queue"]), day = bin(timestamp, 1d)'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'table'
    }
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID.
  name: guid(resourceGroup().id, appInsightsName, 'desk-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Property desk operations'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      isLocked: false
    })
  }
}
