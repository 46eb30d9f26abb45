import { writeFileSync } from 'node:fs';
import { syntheticContract } from './generation.js';
writeFileSync('/tmp/synth.json', JSON.stringify(syntheticContract(3000)));
