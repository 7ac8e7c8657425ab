// Turns the feed's JSON (OrderTimeline, TimelineEntry, FraudAlert) into DOM nodes. Text goes in through
// textContent only, never as HTML, so event data cannot inject markup.

const SERVICES = { '/orders': 'Order', '/inventory': 'Inventory', '/payment': 'Payment', '/email': 'Email' };

/** What each event type means on the timeline: its role styles it, the label says it in words. */
const EVENTS = {
  OrderPlaced: { role: 'step', label: 'order placed' },
  StockReserved: { role: 'step', label: 'stock reserved' },
  StockRejected: { role: 'failure', label: 'stock rejected' },
  PaymentSucceeded: { role: 'step', label: 'payment succeeded' },
  PaymentFailed: { role: 'failure', label: 'payment failed' },
  StockReleased: { role: 'compensation', label: 'compensation: stock released' },
  OrderConfirmed: { role: 'outcome', label: 'order confirmed' },
  OrderRejected: { role: 'outcome-bad', label: 'order rejected' },
  OrderCancelled: { role: 'outcome-bad', label: 'order cancelled' },
  OrderHeld: { role: 'outcome-held', label: 'order held for fraud review' },
  EmailSent: { role: 'step', label: 'confirmation email sent' },
};

export const STATES = ['PLACED', 'STOCK_RESERVED', 'PAID', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'HELD'];
const TERMINAL = new Set(['CONFIRMED', 'REJECTED', 'CANCELLED', 'HELD']);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function stateLabel(state) {
  return state.replace('_', ' ').toLowerCase();
}

/** A state badge: settled states plain, states in progress marked as pending (never shown as done). */
export function badge(state, pending) {
  const settled = TERMINAL.has(state);
  const node = el('span', `badge state-${state.toLowerCase()}${settled ? '' : ' pending'}`);
  node.append(el('span', 'badge-text', stateLabel(state)));
  if (!settled) node.append(el('span', 'visually-hidden', ' (in progress)'));
  if (pending) node.title = pending;
  return node;
}

export function time(iso) {
  if (!iso) return 'no time';
  const date = new Date(iso);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function money(cents) {
  return cents === null || cents === undefined ? '' : (cents / 100).toFixed(2);
}

/** One row of the orders list: a button that selects the order. */
export function orderRow(order, selected) {
  const item = el('li', 'order');
  const button = el('button', 'order-button');
  button.type = 'button';
  button.dataset.orderId = order.orderId;
  if (selected) button.setAttribute('aria-current', 'true');
  const { state, pending, reason } = order.derived;
  button.append(el('span', 'order-id', order.orderId));
  button.append(badge(state, pending));
  const detail = el('span', 'order-detail');
  detail.textContent = [order.userId, order.location, money(order.amountCents)].filter(Boolean).join(' · ');
  button.append(detail);
  if (pending) button.append(el('span', 'order-pending', pending));
  else if (reason) button.append(el('span', 'order-reason', reason));
  item.append(button);
  return item;
}

/** The selected order's heading: id, state, what it waits for or why it ended. */
export function summary(order) {
  const box = el('div', 'summary-box');
  const title = el('p', 'summary-title');
  title.append(el('span', 'order-id', order.orderId), ' ', badge(order.derived.state, order.derived.pending));
  box.append(title);
  const facts = [
    order.userId && `user ${order.userId}`,
    order.location && `from ${order.location}`,
    order.amountCents != null && `amount ${money(order.amountCents)}`,
    order.items && order.items.length && order.items.map((i) => `${i.quantity} × ${i.sku}`).join(', '),
  ].filter(Boolean);
  if (facts.length) box.append(el('p', 'summary-facts', facts.join(' · ')));
  if (order.derived.reason) box.append(el('p', 'summary-reason', `Reason: ${order.derived.reason}`));
  if (order.derived.compensated) {
    box.append(el('p', 'summary-compensation',
      'The payment failed: the order is cancelled and the reserved stock released (compensation).'));
  }
  box.append(el('p', 'summary-correlation', `correlation id ${order.correlationId}`));
  return box;
}

/** The events of one order, then the step still awaited, shown as pending. */
export function timelineItems(order) {
  const typeById = new Map(order.entries.map((entry) => [entry.eventId, entry.type]));
  const items = order.entries.map((entry) => {
    const meaning = EVENTS[entry.type] || { role: 'step', label: entry.type };
    const item = el('li', `event role-${meaning.role}`);
    const head = el('div', 'event-head');
    head.append(el('span', 'event-type', entry.type));
    head.append(el('span', 'event-service', SERVICES[entry.source] || entry.source || 'unknown service'));
    const when = el('time', 'event-time', time(entry.time));
    if (entry.time) when.dateTime = entry.time;
    head.append(when);
    item.append(head);
    item.append(el('p', 'event-label', meaning.label));
    // causationid: the event whose handling published this one (the SDK sets it in every handler)
    if (entry.causationId) {
      const cause = typeById.get(entry.causationId);
      item.append(el('p', 'event-cause', cause ? `caused by ${cause}` : `caused by event ${entry.causationId}`));
    }
    const where = el('p', 'event-where', `${entry.topic} · partition ${entry.partition} · offset ${entry.offset}`);
    item.append(where);
    const fields = Object.entries(entry.data)
      .filter(([key]) => !['orderId', 'items', 'userId', 'location', 'placedAt'].includes(key))
      .map(([key, value]) => `${key}: ${value}`);
    if (fields.length) item.append(el('p', 'event-data', fields.join(' · ')));
    return item;
  });
  if (order.derived.pending) {
    const waiting = el('li', 'event role-pending');
    waiting.setAttribute('aria-busy', 'true');
    waiting.append(el('div', 'event-head', null));
    waiting.firstChild.append(el('span', 'event-type', 'pending'));
    waiting.append(el('p', 'event-label', order.derived.pending));
    items.push(waiting);
  }
  return items;
}

/** One fraud alert. */
export function alertItem(alert) {
  const item = el('li', 'alert');
  const head = el('div', 'event-head');
  head.append(el('span', 'event-type', alert.type));
  head.append(el('span', 'event-service', alert.userId ? `user ${alert.userId}` : 'unknown user'));
  const when = el('time', 'event-time', time(alert.time));
  if (alert.time) when.dateTime = alert.time;
  head.append(when);
  item.append(head);
  const row = Object.entries(alert.data)
    .filter(([key]) => key !== 'userId')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
  if (row.length) item.append(el('p', 'event-data', row.join(' · ')));
  item.append(el('p', 'event-where', `${alert.topic} · partition ${alert.partition} · offset ${alert.offset}`));
  return item;
}

/** The count of orders per state, pending states marked as such. */
export function stateCounts(orders) {
  const counts = new Map(STATES.map((state) => [state, 0]));
  for (const order of orders) counts.set(order.derived.state, (counts.get(order.derived.state) || 0) + 1);
  return STATES.filter((state) => counts.get(state) > 0).map((state) => {
    const item = el('li', 'count');
    item.append(badge(state, null), el('span', 'count-number', counts.get(state)));
    return item;
  });
}
