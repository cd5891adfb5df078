// Runs Alibaba Cloud's official Node SDK for SMS (@alicloud/dysmsapi20170525, from package.json) against the
// endpoint in ALIYUN_TEST_INPUT: one SendSms, then one QuerySendDetails for the same number and day. Prints one
// JSON line, { send, query } with the response bodies as the SDK read them, or { error } with what it threw.
// AliyunOfficialClientTests uses it to show that the loopback stand-in accepts exactly what the SDK sends.
'use strict';

const Dysmsapi = require('@alicloud/dysmsapi20170525');
// The SDK's own config class, from the copy the SDK itself loads.
const { $OpenApiUtil } = require(require.resolve('@alicloud/openapi-core', { paths: [require.resolve('@alicloud/dysmsapi20170525')] }));

async function main() {
  const input = JSON.parse(process.env.ALIYUN_TEST_INPUT);
  const client = new Dysmsapi.default(new $OpenApiUtil.Config({
    accessKeyId: input.accessKeyId,
    accessKeySecret: input.accessKeySecret,
    endpoint: input.endpoint,
    protocol: 'HTTP',
  }));
  const out = {};
  try {
    const sent = await client.sendSms(new Dysmsapi.SendSmsRequest({
      phoneNumbers: input.phoneNumber,
      signName: input.signName,
      templateCode: input.templateCode,
      templateParam: JSON.stringify(input.variables),
      outId: input.outId,
    }));
    out.send = sent.body;
    const details = await client.querySendDetails(new Dysmsapi.QuerySendDetailsRequest({
      phoneNumber: input.phoneNumber,
      sendDate: input.sendDate,
      pageSize: 10,
      currentPage: 1,
    }));
    out.query = details.body;
  } catch (error) {
    out.error = { code: error.code, statusCode: error.statusCode, message: error.message };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
