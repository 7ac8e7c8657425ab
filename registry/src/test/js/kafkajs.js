// @kafkajs/confluent-schema-registry against the registry at argv[2]: registers an Avro and a JSON schema, encodes and
// decodes with each, and reads a schema id registered by another client. Prints one "key value" line per result;
// exits 1 with the error on stderr if anything throws.
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const url = process.argv[2];
const prefix = process.argv[3];
const registry = new SchemaRegistry({ host: url });

const payment = {
  type: 'record', name: 'Payment', namespace: 'com.acme', fields: [{ name: 'amount', type: 'long' }],
};
const reading = { type: 'object', properties: { sensor: { type: 'string' } } };

async function main() {
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(payment) }, { subject: `${prefix}payments-value` });
  console.log(`avro-id ${id}`);
  const encoded = await registry.encode(id, { amount: 1250 });
  console.log(`avro-magic ${encoded[0]}`);
  console.log(`avro-decoded ${JSON.stringify(await registry.decode(encoded))}`);
  console.log(`avro-latest-id ${await registry.getLatestSchemaId(`${prefix}payments-value`)}`);

  const json = await registry.register(
    { type: SchemaType.JSON, schema: JSON.stringify(reading) }, { subject: `${prefix}readings-value` });
  console.log(`json-id ${json.id}`);
  const jsonEncoded = await registry.encode(json.id, { sensor: 's-2' });
  console.log(`json-decoded ${JSON.stringify(await registry.decode(jsonEncoded))}`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
