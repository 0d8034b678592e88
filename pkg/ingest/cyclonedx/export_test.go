package cyclonedx

// DecodeXMLReference is the encoding/xml decoder the streaming XML decoder
// is checked against.
var DecodeXMLReference = decodeXMLReference
