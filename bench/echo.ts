import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../generator/index.js';

/** Where bench/echo.asyncapi.yaml is generated: inside the repository, so `limis/runtime` resolves from there. */
export const ECHO_OUT = fileURLToPath(new URL('./.tmp/echo', import.meta.url));

/** Generates the echo service once, in the benchmark's process, so the server's process loads no generator. */
export async function generateEcho(): Promise<void> {
  const { files } = await generate({
    contracts: [fileURLToPath(new URL('./echo.asyncapi.yaml', import.meta.url))],
    outDir: ECHO_OUT,
  });
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
  }
}
