import { createSchemaZooService } from './generated/routes.js';

/** Schema zoo, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createSchemaZooService({  });
