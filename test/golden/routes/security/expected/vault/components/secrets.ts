import type { ActionContext } from 'limis/runtime';
import type {
  SecretsComponent,
  ListSecretsInput,
  ListSecretsResult,
  StoreSecretInput,
  StoreSecretResult,
  ReadSecretInput,
  ReadSecretResult,
  DeleteSecretInput,
  DeleteSecretResult,
} from '../generated/component.js';

/**
 * The secrets component of Vault. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const secrets: SecretsComponent = {
  async listSecrets(_input: ListSecretsInput, _context: ActionContext): Promise<ListSecretsResult> {
    throw new Error('listSecrets is not implemented yet');
  },
  async storeSecret(_input: StoreSecretInput, _context: ActionContext): Promise<StoreSecretResult> {
    throw new Error('storeSecret is not implemented yet');
  },
  async readSecret(_input: ReadSecretInput, _context: ActionContext): Promise<ReadSecretResult> {
    throw new Error('readSecret is not implemented yet');
  },
  async deleteSecret(_input: DeleteSecretInput, _context: ActionContext): Promise<DeleteSecretResult> {
    throw new Error('deleteSecret is not implemented yet');
  },
};
