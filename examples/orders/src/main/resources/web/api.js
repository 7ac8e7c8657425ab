// Calls to the Order service (POST /api/orders, POST /api/load: the services' contract) and to the page's own
// routes (GET /api/timeline/{orderId}, GET /api/stream). Every failure becomes an Error whose message can be shown.

async function send(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(`the server did not answer (${e.message}); is it running?`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the status line and text are reported below
  }
  if (!response.ok) {
    const detail = (json && (json.error || json.message || json.title)) || text || response.statusText;
    throw new Error(`${method} ${path} answered ${response.status}: ${detail}`);
  }
  return json;
}

/** Places an order: {userId, location, items: [{sku, quantity}]} -> {orderId, state}. */
export function placeOrder(order) {
  return send('POST', '/api/orders', order);
}

/** Starts a load of `count` orders, with a fraud burst if asked: {count, fraudBurst}. */
export function startLoad(load) {
  return send('POST', '/api/load', load);
}

/** The timeline of one order, or null when the page's feed has not seen it yet. */
export async function timeline(orderId) {
  try {
    return await send('GET', `/api/timeline/${encodeURIComponent(orderId)}`);
  } catch (e) {
    if (e.message.includes(' answered 404')) return null;
    throw e;
  }
}

/**
 * Follows GET /api/stream. The browser's EventSource reconnects by itself and sends Last-Event-ID, so the server
 * replays what was missed. handlers: {snapshot, order, alert, connection(state)}.
 */
export function follow(handlers) {
  const source = new EventSource('/api/stream');
  const parsed = (handler) => (event) => handler(JSON.parse(event.data));
  source.addEventListener('snapshot', parsed(handlers.snapshot));
  source.addEventListener('order', parsed(handlers.order));
  source.addEventListener('alert', parsed(handlers.alert));
  source.addEventListener('open', () => handlers.connection('live'));
  source.addEventListener('error', () =>
    handlers.connection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
  return source;
}
