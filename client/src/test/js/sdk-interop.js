// @confluentinc/schemaregistry (Confluent's own node client) on the bytes of events the Herald SDK publishes, and the
// reverse. argv: registry URL, command, topic, then per command:
//   read-json <hex> | read-avro <hex>: deserializes the value, prints "decoded <json>";
//   write-json <schema> <json>: registers the schema under <topic>-value, serializes the value, prints "bytes <hex>".
// Exits 1 with the error on stderr if anything throws.
const {
  SchemaRegistryClient, SerdeType, AvroDeserializer, JsonSerializer, JsonDeserializer,
} = require('@confluentinc/schemaregistry');

const [url, command, topic, ...rest] = process.argv.slice(2);
const client = new SchemaRegistryClient({ baseURLs: [url] });

// Avro longs come back as numbers or bigints depending on size; print them as JSON numbers
const json = (value) => JSON.stringify(value, (key, v) => (typeof v === 'bigint' ? Number(v) : v));

async function main() {
  if (command === 'read-json') {
    const deserializer = new JsonDeserializer(client, SerdeType.VALUE, { validate: true });
    console.log(`decoded ${json(await deserializer.deserialize(topic, Buffer.from(rest[0], 'hex')))}`);
  } else if (command === 'read-avro') {
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
    console.log(`decoded ${json(await deserializer.deserialize(topic, Buffer.from(rest[0], 'hex')))}`);
  } else if (command === 'write-json') {
    await client.register(`${topic}-value`, { schemaType: 'JSON', schema: rest[0] });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const bytes = await serializer.serialize(topic, JSON.parse(rest[1]));
    console.log(`bytes ${Buffer.from(bytes).toString('hex')}`);
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
