/**
 * The cross-origin page of the browser test: served from its own origin, it calls a limis service on another one
 * with the generated client, a bearer token and a JSON body (so the browser sends a preflight first).
 */
import { PetstoreClient } from '../../services/petstore/generated/client.js';

const steps = {
  async createPet(api: string, token: string) {
    const client = new PetstoreClient({ baseUrl: `${api}/petstore`, headers: { authorization: `Bearer ${token}` } });
    const result = await client.createPet({ body: { name: 'Cross', tag: 'origin' } });
    return result.status === 201 ? { status: 201, name: result.body.name } : { status: result.status };
  },
  async listPets(api: string) {
    const result = await new PetstoreClient({ baseUrl: `${api}/petstore` }).listPets({});
    return { status: result.status, total: result.status === 200 ? result.headers?.['x-total-count'] : undefined };
  },
  async refused(api: string, token: string) {
    try {
      await new PetstoreClient({ baseUrl: `${api}/petstore`, headers: { authorization: `Bearer ${token}` } }).createPet(
        { body: { name: 'No' } },
      );
      return 'answered';
    } catch (error) {
      return (error as Error).name;
    }
  },
};

(globalThis as { limisSteps?: typeof steps }).limisSteps = steps;
