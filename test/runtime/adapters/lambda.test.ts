import { expect } from 'chai';
import { createLambdaHandler, defineService, type LambdaEvent } from 'limis/runtime';
import feed from '../../../services/feed/index.js';
import hello from '../../../services/hello/index.js';
import { testHandler } from '../../helpers/handler.js';
import { petstoreSecrets, petstoreService } from '../../helpers/petstore.js';

/** Events shaped as AWS documents them for each source, trimmed to what the adapter reads. */
const httpApi = (
  method: string,
  rawPath: string,
  extra: Partial<Extract<LambdaEvent, { version: '2.0' }>> = {},
): LambdaEvent => ({
  version: '2.0',
  rawPath,
  rawQueryString: '',
  headers: { 'user-agent': 'curl/8.0', 'x-forwarded-for': '203.0.113.7' },
  requestContext: { http: { method }, domainName: 'abc123.execute-api.eu-west-1.amazonaws.com' },
  isBase64Encoded: false,
  ...extra,
});

describe('createLambdaHandler', () => {
  const handle = createLambdaHandler([hello, petstoreService()]);

  it('answers an API Gateway HTTP API (2.0) event: text body, headers, JSON, base64 request bodies', async () => {
    expect(await handle(httpApi('GET', '/hello/hello'))).to.deep.include({
      statusCode: 200,
      body: 'hello',
      isBase64Encoded: false,
    });
    const body = Buffer.from('{"name":"Rex","tag":"dog"}').toString('base64');
    const created = await handle(
      httpApi('POST', '/petstore/pets', {
        headers: { 'content-type': 'application/json', 'x-api-key': petstoreSecrets.apiKey },
        body,
        isBase64Encoded: true,
      }),
    );
    expect(created.statusCode).to.equal(201);
    expect(JSON.parse(created.body)).to.deep.include({ name: 'Rex', tag: 'dog' });
    const listed = await handle(httpApi('GET', '/petstore/pets', { rawQueryString: 'limit=1&tag=dog' }));
    expect([listed.statusCode, listed.headers?.['x-total-count'], JSON.parse(listed.body).length]).to.deep.equal([
      200,
      '1',
      1,
    ]);
    const problem = await handle(
      httpApi('POST', '/petstore/pets', { headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }),
    );
    expect([problem.statusCode, problem.headers?.['content-type'], JSON.parse(problem.body).code]).to.deep.equal([
      401,
      'application/problem+json',
      'LIMIS_ERR_UNAUTHORIZED',
    ]);
  });

  it('answers a REST API (1.0) event with multi-value headers and decoded query values', async () => {
    const event: LambdaEvent = {
      httpMethod: 'GET',
      path: '/petstore/pets',
      multiValueHeaders: { accept: ['application/json'] },
      multiValueQueryStringParameters: { limit: ['5'], tag: ['a dog'] },
      requestContext: { domainName: 'example.execute-api.eu-west-1.amazonaws.com' },
      body: null,
      isBase64Encoded: false,
    };
    const result = await handle(event);
    expect(result.statusCode).to.equal(200);
    expect(result.multiValueHeaders?.['content-type']).to.deep.equal(['application/json']);
    expect(result.headers).to.equal(undefined);
  });

  it('answers an Application Load Balancer event with a status description and raw query values', async () => {
    const event: LambdaEvent = {
      httpMethod: 'GET',
      path: '/petstore/pets/abc',
      headers: { host: 'lb.example.com' },
      queryStringParameters: { limit: '1%200' },
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/limis/0123' },
      },
      body: '',
      isBase64Encoded: false,
    };
    const result = await handle(event);
    expect([result.statusCode, result.statusDescription]).to.deep.equal([400, '400 Bad Request']);
    expect(result.headers?.['content-type']).to.equal('application/problem+json');
  });

  it('returns bodies that are not text as base64, and Set-Cookie as 2.0 cookies', async () => {
    const files = defineService({
      name: 'files',
      path: 'files',
      handlers: [
        testHandler({
          method: 'GET',
          path: '/blob',
          responses: { '200': [{ mediaType: 'application/octet-stream', kind: 'binary' }] },
          invoke: async () => ({
            status: 200,
            body: new Uint8Array([0, 1, 2, 255]),
            headers: { 'set-cookie': 'seen=1; HttpOnly' },
          }),
        }),
      ],
    });
    const result = await createLambdaHandler([files])(httpApi('GET', '/files/blob'));
    expect(result).to.deep.include({
      statusCode: 200,
      body: 'AAEC/w==',
      isBase64Encoded: true,
      cookies: ['seen=1; HttpOnly'],
    });
    expect(result.headers?.['set-cookie']).to.equal(undefined);
    expect((await handle(httpApi('GET', '/petstore/openapi.json'))).isBase64Encoded).to.equal(false);
  });

  it('collects a streamed response into the one body a buffered Lambda response can carry', async () => {
    const feedHandle = createLambdaHandler([feed]);
    const result = await feedHandle(httpApi('GET', '/feed/export', { rawQueryString: 'upTo=3' }));
    expect(result).to.deep.include({
      statusCode: 200,
      body: '{"n":1,"square":1}\n{"n":2,"square":4}\n{"n":3,"square":9}\n',
    });
  });
});
