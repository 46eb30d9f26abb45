/**
 * What the browser test's page runs: the generated petstore HTTP client, a streaming client and the generated WebSocket clients, bundled
 * for the browser by esbuild. Each step is a function the test calls through page.evaluate.
 */
import { ChatEventsClient } from '../../services/chat-events/generated/ws-client.js';
import { HelloWsClient } from '../../services/hello-ws/generated/ws-client.js';
import { PetstoreClient } from '../../services/petstore/generated/client.js';
import { PetFeedClient } from '../golden/routes/streams/expected/pet-feed/generated/client.js';

const origin = location.origin;
const wsOrigin = origin.replace(/^http/, 'ws');
const pushes: unknown[] = [];

const steps = {
  async listPets() {
    const result = await new PetstoreClient({ baseUrl: `${origin}/petstore` }).listPets({ query: { limit: 5 } });
    return result.status === 200
      ? { status: result.status, count: result.headers?.['x-total-count'], names: result.body.map((pet) => pet.name) }
      : { status: result.status };
  },
  async createPet(apiKey: string | undefined) {
    const client = new PetstoreClient({
      baseUrl: `${origin}/petstore`,
      headers: apiKey ? { 'x-api-key': apiKey } : {},
    });
    const result = await client.createPet({ body: { name: 'Rex', tag: 'dog' } });
    if (result.status === 201) return { status: 201, name: result.body.name, id: result.body.id };
    return { status: result.status, body: result.body };
  },
  async helloRequest() {
    const connection = await new HelloWsClient({ baseUrl: `${wsOrigin}/hello` }).hello();
    const reply = await connection.requestText('from the browser');
    await connection.close();
    return reply;
  },
  async joinRoom(roomId: string) {
    const connection = await new ChatEventsClient({ baseUrl: `${wsOrigin}/chat`, token: 'not-needed-here' }).room({
      roomId,
    });
    connection.onChatMessage((message) => pushes.push(message));
    return 'joined';
  },
  async watchPets() {
    const events: Array<{ event?: string; id?: string; name: string }> = [];
    for await (const { event, id, data } of new PetFeedClient({ baseUrl: `${origin}/pet-feed` }).watchPets())
      events.push({ event, id, name: data.name });
    return events;
  },
  async nextPush() {
    while (pushes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    return pushes.shift();
  },
};

(globalThis as { limisSteps?: typeof steps }).limisSteps = steps;
