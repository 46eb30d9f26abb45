import { adapterSuite } from './adapter-suite.js';

describe('Koa adapter (createRuntime default)', () => adapterSuite('koa'));
