import { createLedgerService } from './generated/routes.js';
import { ledger } from './components/ledger.js';

/** Ledger, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createLedgerService({ ledger });
