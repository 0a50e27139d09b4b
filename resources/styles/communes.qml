<qgis version="3.28.0" styleCategories="Symbology|Labeling" labelsEnabled="1">
  <!-- tl342: communes (ranh giới xã): outline and name -->
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="0,0,0,0"/>
            <Option name="style" type="QString" value="no"/>
            <Option name="outline_color" type="QString" value="${commune}"/>
            <Option name="outline_style" type="QString" value="dash dot"/>
            <Option name="outline_width" type="QString" value="0.5"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" isExpression="0" fontFamily="DejaVu Sans" fontSize="11" fontSizeUnit="Point" textColor="${commune}" textOpacity="1" fontWeight="75" fontItalic="0" namedStyle="Bold"/>
      <placement placement="1" priority="5" centroidInside="1"/>
    </settings>
  </labeling>
  <layerGeometryType>2</layerGeometryType>
</qgis>
