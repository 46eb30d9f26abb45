import { adapterSuite } from './adapter-suite.js';

describe('fetch adapter (createFetchHandler), through Request objects', () => adapterSuite('fetch'));
describe('Lambda adapter (createLambdaHandler), through API Gateway 2.0 events', () => adapterSuite('lambda'));
