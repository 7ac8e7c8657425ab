// The order page: forms that call the Order service, and a live view of the feed's orders, timelines and fraud
// alerts, kept up to date by the server-sent events of /api/stream.
import { follow, placeOrder, startLoad, timeline } from './api.js';
import { alertItem, orderRow, stateCounts, summary, timelineItems } from './render.js';

const MAX_ORDERS_SHOWN = 200;
const MAX_ALERTS_SHOWN = 50;

const view = {
  orders: new Map(), // orderId -> OrderTimeline (or a placeholder until the feed has seen it)
  alerts: [],
  selected: null,
  renderScheduled: false,
};

const $ = (id) => document.getElementById(id);

function upsert(order) {
  const known = view.orders.get(order.orderId);
  if (!known || known.placeholder || order.changeSequence >= known.changeSequence) {
    view.orders.set(order.orderId, order);
  }
}

/** Many events can arrive per frame during a load: render at most once a frame. */
function scheduleRender() {
  if (view.renderScheduled) return;
  view.renderScheduled = true;
  requestAnimationFrame(() => {
    view.renderScheduled = false;
    render();
  });
}

function newestFirst(a, b) {
  return (b.firstSequence ?? Number.MAX_SAFE_INTEGER) - (a.firstSequence ?? Number.MAX_SAFE_INTEGER);
}

function render() {
  const orders = [...view.orders.values()].sort(newestFirst);
  // keep the page light: drop the oldest beyond what is shown (the selected one stays)
  for (const order of orders.slice(MAX_ORDERS_SHOWN)) {
    if (order.orderId !== view.selected) view.orders.delete(order.orderId);
  }
  const shown = orders.slice(0, MAX_ORDERS_SHOWN);
  const focusedId = document.activeElement?.dataset?.orderId;
  $('orders').replaceChildren(...shown.map((order) => orderRow(order, order.orderId === view.selected)));
  if (focusedId) document.querySelector(`[data-order-id="${CSS.escape(focusedId)}"]`)?.focus();
  $('orders-empty').hidden = shown.length > 0;
  $('state-counts').replaceChildren(...stateCounts(shown.filter((order) => !order.placeholder)));

  const selected = view.selected && view.orders.get(view.selected);
  if (selected) {
    $('timeline-summary').replaceChildren(summary(selected));
    $('timeline').replaceChildren(...timelineItems(selected));
    $('timeline-empty').hidden = true;
  } else {
    $('timeline-summary').replaceChildren();
    $('timeline').replaceChildren();
    $('timeline-empty').hidden = false;
  }

  $('alerts').replaceChildren(...view.alerts.map(alertItem));
  $('alerts-empty').hidden = view.alerts.length > 0;
}

async function select(orderId) {
  view.selected = orderId;
  if (!view.orders.has(orderId)) {
    const found = await timeline(orderId).catch(() => null);
    if (found) upsert(found);
  }
  render();
}

/** An order the Order service accepted but whose first event the feed has not read yet. */
function placeholder(orderId) {
  return {
    placeholder: true,
    orderId,
    correlationId: orderId,
    derived: { state: 'PLACED', pending: 'placed: waiting for its first event…', reason: null, compensated: false },
    entries: [],
    items: [],
    firstSequence: Number.MAX_SAFE_INTEGER,
    changeSequence: -1,
  };
}

function addItemRow(sku = '', quantity = 1) {
  const row = $('item-row').content.firstElementChild.cloneNode(true);
  row.querySelector('[name=sku]').value = sku;
  row.querySelector('[name=quantity]').value = quantity;
  row.querySelector('.remove-item').addEventListener('click', () => {
    if ($('items').children.length > 1) row.remove();
  });
  $('items').append(row);
  return row;
}

function readOrderForm() {
  const userId = $('user').value.trim();
  const location = $('location').value.trim();
  const items = [...$('items').children].map((row) => ({
    sku: row.querySelector('[name=sku]').value.trim(),
    quantity: Number(row.querySelector('[name=quantity]').value),
  }));
  if (!userId) return { error: 'Enter a user.', field: $('user') };
  if (!location) return { error: 'Enter a location.', field: $('location') };
  const bad = items.findIndex((item) => !item.sku || !Number.isInteger(item.quantity) || item.quantity < 1);
  if (bad >= 0) {
    return { error: `Item ${bad + 1} needs a SKU and a whole quantity of at least 1.`,
      field: $('items').children[bad].querySelector('input') };
  }
  return { order: { userId, location, items } };
}

function setMessage(id, text, kind) {
  const message = $(id);
  message.textContent = text;
  message.dataset.kind = kind;
}

async function onPlace(event) {
  event.preventDefault();
  const { order, error, field } = readOrderForm();
  if (error) {
    setMessage('place-message', error, 'error');
    field.focus();
    return;
  }
  $('place').disabled = true;
  setMessage('place-message', 'Placing the order…', 'pending');
  try {
    const placed = await placeOrder(order);
    if (!view.orders.has(placed.orderId)) view.orders.set(placed.orderId, placeholder(placed.orderId));
    setMessage('place-message',
      `Order ${placed.orderId} accepted (${placed.state}); its events follow below as the services handle it.`,
      'ok');
    await select(placed.orderId);
  } catch (e) {
    setMessage('place-message', e.message, 'error');
  } finally {
    $('place').disabled = false;
  }
}

async function onLoad(event) {
  event.preventDefault();
  const count = Number($('load-count').value);
  if (!Number.isInteger(count) || count < 1 || count > 10000) {
    setMessage('load-message', 'The number of orders must be a whole number from 1 to 10000.', 'error');
    $('load-count').focus();
    return;
  }
  $('load').disabled = true;
  setMessage('load-message', 'Starting the load…', 'pending');
  try {
    const answer = await startLoad({ count, fraudBurst: $('load-fraud').checked });
    const detail = answer && typeof answer === 'object' && Object.keys(answer).length
      ? ` (${Object.entries(answer).map(([k, v]) => `${k}: ${v}`).join(', ')})` : '';
    setMessage('load-message', `Load of ${count} orders started${detail}; the orders appear below as they move.`,
      'ok');
  } catch (e) {
    setMessage('load-message', e.message, 'error');
  } finally {
    $('load').disabled = false;
  }
}

function showConnection(state) {
  const labels = { live: 'live', reconnecting: 'connection lost: reconnecting…', closed: 'disconnected' };
  $('connection').textContent = labels[state] || state;
  $('connection').dataset.state = state;
}

function start() {
  addItemRow('sku-mug', 2);
  addItemRow('sku-stickers', 1);
  $('add-item').addEventListener('click', () => addItemRow().querySelector('input').focus());
  $('place-form').addEventListener('submit', onPlace);
  $('load-form').addEventListener('submit', onLoad);
  $('orders').addEventListener('click', (event) => {
    const button = event.target.closest('[data-order-id]');
    if (button) select(button.dataset.orderId).then(() => $('timeline-heading').focus({ preventScroll: false }));
  });
  follow({
    snapshot(snapshot) {
      for (const [id, order] of view.orders) if (!order.placeholder) view.orders.delete(id);
      snapshot.orders.forEach(upsert);
      view.alerts = snapshot.alerts.slice(0, MAX_ALERTS_SHOWN);
      scheduleRender();
    },
    order(order) {
      upsert(order);
      scheduleRender();
    },
    alert(alert) {
      if (!view.alerts.some((known) => known.eventId === alert.eventId)) {
        view.alerts = [alert, ...view.alerts].slice(0, MAX_ALERTS_SHOWN);
      }
      scheduleRender();
    },
    connection: showConnection,
  });
  render();
}

start();
