import { hello } from './components/hello.js';
import { createHelloService } from './generated/routes.js';

/** hello, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createHelloService({ hello });
