// @confluentinc/schemaregistry (Confluent's own node client) against the registry at argv[2]: registers Avro and JSON
// schemas, serializes and deserializes a message with each, and tests compatibility. Prints one "key value" line per
// result; exits 1 with the error on stderr if anything throws.
const {
  SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer, JsonSerializer, JsonDeserializer,
} = require('@confluentinc/schemaregistry');

const url = process.argv[2];
const prefix = process.argv[3];
const client = new SchemaRegistryClient({ baseURLs: [url] });

const orderV1 = { type: 'record', name: 'Order', namespace: 'com.acme', fields: [{ name: 'id', type: 'string' }] };
const withNote = { ...orderV1, fields: [...orderV1.fields, { name: 'note', type: 'string', default: '' }] };
const withAmount = { ...orderV1, fields: [...orderV1.fields, { name: 'amount', type: 'long' }] };
const reading = {
  type: 'object', properties: { sensor: { type: 'string' }, celsius: { type: 'number' } }, required: ['sensor'],
};

async function main() {
  const avroTopic = `${prefix}orders`;
  const avroId = await client.register(`${avroTopic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(orderV1) });
  console.log(`avro-id ${avroId}`);

  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
  const bytes = await serializer.serialize(avroTopic, { id: 'o-1' });
  console.log(`avro-magic ${bytes[0]}`);
  console.log(`avro-wire-id ${bytes.readInt32BE(1)}`);
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  console.log(`avro-decoded ${JSON.stringify(await deserializer.deserialize(avroTopic, bytes))}`);

  const compatible = await client.testSubjectCompatibility(
    `${avroTopic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(withNote) });
  const incompatible = await client.testSubjectCompatibility(
    `${avroTopic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(withAmount) });
  console.log(`avro-compatible-with-default ${compatible}`);
  console.log(`avro-compatible-new-required ${incompatible}`);
  const latest = await client.getLatestSchemaMetadata(`${avroTopic}-value`);
  console.log(`avro-latest-version ${latest.version}`);

  const jsonTopic = `${prefix}readings`;
  const jsonId = await client.register(`${jsonTopic}-value`, { schemaType: 'JSON', schema: JSON.stringify(reading) });
  console.log(`json-id ${jsonId}`);
  const jsonSerializer = new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
  const jsonBytes = await jsonSerializer.serialize(jsonTopic, { sensor: 's-1', celsius: 21.5 });
  console.log(`json-wire-id ${jsonBytes.readInt32BE(1)}`);
  const jsonDeserializer = new JsonDeserializer(client, SerdeType.VALUE, {});
  console.log(`json-decoded ${JSON.stringify(await jsonDeserializer.deserialize(jsonTopic, jsonBytes))}`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
