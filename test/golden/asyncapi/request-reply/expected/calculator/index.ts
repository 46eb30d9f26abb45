import { createCalculatorService } from './generated/channels.js';
import { sums } from './components/sums.js';

/** Calculator, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createCalculatorService({ sums });
