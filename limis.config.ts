import type { RuntimeOptions } from 'limis/runtime';
import hello from './services/hello/index.js';
import petstore from './services/petstore/index.js';

/** What `limis server` serves: the example services, mounted at /hello and /petstore. */
export default {
  contextRoot: '',
  services: [hello, petstore],
} satisfies RuntimeOptions;
